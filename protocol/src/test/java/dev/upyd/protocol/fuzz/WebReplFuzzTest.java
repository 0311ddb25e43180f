package dev.upyd.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upyd.protocol.fuzz.Contract.Outcome;
import dev.upyd.protocol.webrepl.DevicePasswordReader;
import dev.upyd.protocol.webrepl.DeviceVersion;
import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import dev.upyd.protocol.webrepl.GetChunkDecoder;
import dev.upyd.protocol.webrepl.LoginDecoder;
import dev.upyd.protocol.webrepl.LoginEvent;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.upyd.protocol.fuzz.Contract.check;
import static dev.upyd.protocol.fuzz.Contract.same;

/** WebREPL: the login on both sides, the WA/WB file records, GET chunks and GET_VER. */
class WebReplFuzzTest {

    /** What a login stream amounted to: the events in order, and the REPL bytes after the banner. */
    private record Login(List<LoginEvent.Kind> events, String replHex) {
    }

    @FuzzTest
    void login(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        Outcome<Login> whole = Contract.decode(() -> login(List.of(in.payload())));
        Outcome<Login> split = Contract.decode(() -> login(in.reads()));
        same(whole.ok(), split.ok(), "accepting the login output");
        same(whole.value(), split.value(), "the login events");
    }

    private static Login login(List<byte[]> reads) {
        LoginDecoder d = new LoginDecoder();
        List<LoginEvent.Kind> events = new ArrayList<>();
        ByteArrayOutputStream repl = new ByteArrayOutputStream();
        boolean connected = false;
        for (byte[] read : reads) {
            if (d.finished()) {
                if (connected) {
                    repl.writeBytes(read); // the caller hands later bytes to the REPL (after DENIED: closed)
                }
                continue;
            }
            LoginEvent ev = d.offer(read);
            // one event per call: ask again with no new bytes until the decoder needs more
            while (ev != LoginEvent.NEED_MORE) {
                events.add(ev.kind());
                if (ev instanceof LoginEvent.Connected c) {
                    connected = true;
                    repl.writeBytes(c.leftover());
                }
                if (d.finished()) {
                    break;
                }
                ev = d.offer(new byte[0]);
            }
        }
        return new Login(events, HexFormat.of().formatHex(repl.toByteArray()));
    }

    /** The simulator's side of the login: never throws, cuts the entry at a line end, keeps 10 bytes. */
    @FuzzTest
    void devicePassword(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        String whole = password(List.of(in.payload()));
        String split = password(in.reads());
        same(whole, split, "the entered password and the REPL bytes after it");
    }

    private static String password(List<byte[]> reads) {
        DevicePasswordReader r = new DevicePasswordReader();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        String entered = null;
        for (byte[] read : reads) {
            if (r.complete()) {
                rest.writeBytes(read);
                continue;
            }
            Optional<String> p = r.offer(read, 0, read.length);
            if (p.isPresent()) {
                entered = p.get();
                rest.writeBytes(r.leftover());
                check(entered.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        <= DevicePasswordReader.MAX_KEPT * 3, "entry longer than what the device keeps");
                check(r.matches(entered) || entered.indexOf('\0') >= 0 || entered.indexOf('\ufffd') >= 0,
                        "the entry does not match itself");
            }
        }
        return entered + "|" + HexFormat.of().formatHex(rest.toByteArray());
    }

    @FuzzTest
    void fileRequest(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        byte[] b = in.payload();
        int off = in.flags(); // also decode at an offset inside a larger buffer
        Outcome<FileRequest> r = Contract.decode(() -> FileRequest.decode(b, off));
        if (r.ok()) {
            FileRequest req = r.value();
            byte[] enc = req.encode();
            check(enc.length == FileRequest.LENGTH, "encoded request length " + enc.length);
            FileRequest again = FileRequest.decode(enc, 0);
            same(req, again, "decode(encode(decode(x)))");
            check(Arrays.equals(enc, again.encode()), "encode(decode(x)) is not stable");
            // what the device reads: type, size and the NUL-terminated name are the wire bytes
            check(enc[2] == b[off + 2] && Arrays.equals(enc, 4, 16, b, off + 4, off + 16),
                    "type/offset/size differ from the wire bytes");
        }
    }

    @FuzzTest
    void fileResponse(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        byte[] b = in.payload();
        int off = in.flags();
        Outcome<Integer> r = Contract.decode(() -> FileResponse.decode(b, off));
        if (r.ok()) {
            check(Arrays.equals(FileResponse.encode(r.value()), Arrays.copyOfRange(b, off, off + FileResponse.LENGTH)),
                    "encode(decode(x)) != x");
        }
    }

    @FuzzTest
    void deviceVersion(byte[] data) {
        Outcome<DeviceVersion> r = Contract.decode(() -> DeviceVersion.decode(data));
        if (r.ok()) {
            check(Arrays.equals(r.value().encode(), data), "encode(decode(x)) != x");
            check(r.value().toString().matches("\\d+\\.\\d+\\.\\d+"), "version text " + r.value());
        }
    }

    /** Everything a GET stream amounted to. */
    private record Get(String dataHex, boolean finished, Optional<Integer> status, String leftoverHex, long bytes,
                       int chunks) {
    }

    @FuzzTest
    void getChunks(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        Outcome<Get> whole = Contract.decode(() -> get(List.of(in.payload())));
        Outcome<Get> split = Contract.decode(() -> get(in.reads()));
        same(whole.ok(), split.ok(), "accepting the GET stream");
        same(whole.value(), split.value(), "the GET result");
        if (whole.ok()) {
            Get g = whole.value();
            check(g.dataHex().length() / 2 == g.bytes(), "bytesReceived differs from the data delivered");
            check(g.bytes() <= (long) g.chunks() * GetChunkDecoder.MAX_CHUNK, "more data than the chunks announced");
        }
    }

    private static Get get(List<byte[]> reads) {
        GetChunkDecoder d = new GetChunkDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] read : reads) {
            d.offer(read, 0, read.length, chunk -> {
                check(chunk.length > 0 && chunk.length <= GetChunkDecoder.MAX_CHUNK, "chunk piece " + chunk.length);
                out.writeBytes(chunk);
            });
        }
        return new Get(HexFormat.of().formatHex(out.toByteArray()), d.finished(), d.finalStatus(),
                HexFormat.of().formatHex(d.leftover()), d.bytesReceived(), d.chunks());
    }
}
