package dev.upyd.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upyd.protocol.fuzz.Contract.Outcome;
import dev.upyd.protocol.ws.DeviceUpgradeParser;
import dev.upyd.protocol.ws.DeviceUpgradeParser.DeviceUpgrade;
import dev.upyd.protocol.ws.UpgradeResponseDecoder;
import dev.upyd.protocol.ws.UpgradeResponseDecoder.UpgradeResponse;
import dev.upyd.protocol.ws.WebSocketAccept;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.upyd.protocol.fuzz.Contract.check;
import static dev.upyd.protocol.fuzz.Contract.same;

/** The HTTP upgrade, both sides: bytes from a (possibly hostile) device, and from a client of the simulator. */
class WsFuzzTest {
    /** The key the seeds' responses were rewritten to (SeedCorpus), so the fuzzer starts past the accept check. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A completed head, or the bytes are still incomplete (null), plus the bytes after the blank line. */
    private record Head(String summary, String leftoverHex) {
    }

    @FuzzTest
    void upgradeResponse(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        String accept = WebSocketAccept.of(KEY);
        Outcome<Head> whole = feed(List.of(in.payload()), () -> new UpgradeResponseDecoder(accept)::offer,
                r -> r.status() + " " + r.headers(), UpgradeResponse::leftover);
        Outcome<Head> split = feed(in.reads(), () -> new UpgradeResponseDecoder(accept)::offer,
                r -> r.status() + " " + r.headers(), UpgradeResponse::leftover);
        compare(whole, split);
        if (whole.ok() && whole.value() != null) {
            check(whole.value().summary().startsWith("101 "), "a returned upgrade response must be 101: " + whole.value());
        }
    }

    @FuzzTest
    void deviceUpgrade(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        boolean strict = in.flag(0);
        Outcome<Head> whole = feed(List.of(in.payload()), () -> new DeviceUpgradeParser(strict)::offer,
                DeviceUpgrade::key, DeviceUpgrade::leftover);
        Outcome<Head> split = feed(in.reads(), () -> new DeviceUpgradeParser(strict)::offer,
                DeviceUpgrade::key, DeviceUpgrade::leftover);
        compare(whole, split);
        if (whole.ok() && whole.value() != null) {
            // What the simulator answers must satisfy our own client for the same key.
            String key = whole.value().summary();
            UpgradeResponseDecoder client = new UpgradeResponseDecoder(WebSocketAccept.of(key));
            byte[] answer = DeviceUpgradeParser.responseBytes(key);
            Optional<UpgradeResponse> r = client.offer(answer, 0, answer.length);
            check(r.isPresent() && r.get().status() == 101 && r.get().leftover().length == 0,
                    "our client rejects the simulator's answer to key '" + key + "'");
        }
    }

    private interface Offer<R> {
        Optional<R> offer(byte[] b, int off, int len);
    }

    private static <R> Outcome<Head> feed(List<byte[]> reads, java.util.function.Supplier<Offer<R>> make,
                                          Function<R, String> summary, Function<R, byte[]> leftover) {
        Offer<R> decoder = make.get();
        return Contract.decode(() -> {
            byte[] rest = null;
            R done = null;
            for (byte[] read : reads) {
                if (done != null) {
                    rest = FuzzInput.concat(List.of(rest, read)); // after the head: the caller's bytes
                    continue;
                }
                // Offer a sub-range at a non-zero offset too, so off/len handling is exercised.
                byte[] padded = new byte[read.length + 3];
                System.arraycopy(read, 0, padded, 2, read.length);
                Optional<R> r = decoder.offer(padded, 2, read.length);
                if (r.isPresent()) {
                    done = r.get();
                    rest = new byte[0];
                }
            }
            if (done == null) {
                return null;
            }
            byte[] all = FuzzInput.concat(List.of(leftover.apply(done), rest));
            return new Head(summary.apply(done), HexFormat.of().formatHex(all));
        });
    }

    private static void compare(Outcome<Head> whole, Outcome<Head> split) {
        same(whole.ok(), split.ok(), "accepting the upgrade");
        same(whole.value(), split.value(), "the decoded upgrade head");
    }
}
