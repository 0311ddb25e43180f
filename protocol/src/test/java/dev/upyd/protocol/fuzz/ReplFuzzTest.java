package dev.upyd.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upyd.protocol.fuzz.Contract.Outcome;
import dev.upyd.protocol.repl.FriendlyOutput;
import dev.upyd.protocol.repl.RawPasteWriter;
import dev.upyd.protocol.repl.RawReplDecoder;
import dev.upyd.protocol.repl.RawReplEntry;
import dev.upyd.protocol.repl.RawReplListener;
import dev.upyd.protocol.repl.ReplBytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static dev.upyd.protocol.fuzz.Contract.check;
import static dev.upyd.protocol.fuzz.Contract.same;

/** The REPL codecs: raw REPL entry and results, raw-paste flow control, friendly REPL output. */
class ReplFuzzTest {

    private record Raw(String stdoutHex, String stderrHex, int done, String leftoverHex, long out, long err) {
    }

    /** Flags: 0 = starts with OK, 1 = after raw-paste (\x01* \x04), 2 = stdout first. */
    @FuzzTest
    void rawReplResult(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        RawReplDecoder.Start start = RawReplDecoder.Start.values()[in.flags() % 3];
        Outcome<Raw> whole = Contract.decode(() -> raw(start, List.of(in.payload())));
        Outcome<Raw> split = Contract.decode(() -> raw(start, in.reads()));
        same(whole.ok(), split.ok(), "accepting the raw REPL result");
        same(whole.value(), split.value(), "the raw REPL result");
        if (whole.ok()) {
            check(whole.value().done() <= 1, "done() called " + whole.value().done() + " times");
        }
    }

    private static Raw raw(RawReplDecoder.Start start, List<byte[]> reads) {
        RawReplDecoder d = new RawReplDecoder(start);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] done = {0};
        RawReplListener l = new RawReplListener() {
            @Override
            public void stdout(byte[] b) {
                check(b.length > 0, "empty stdout piece");
                out.writeBytes(b);
            }

            @Override
            public void stderr(byte[] b) {
                check(b.length > 0, "empty stderr piece");
                err.writeBytes(b);
            }

            @Override
            public void done() {
                done[0]++;
            }
        };
        for (byte[] read : reads) {
            d.offer(read, 0, read.length, l);
        }
        check(d.done() == (done[0] == 1), "done() and the listener disagree");
        HexFormat hex = HexFormat.of();
        return new Raw(hex.formatHex(out.toByteArray()), hex.formatHex(err.toByteArray()), done[0],
                hex.formatHex(d.leftover()), d.stdoutBytes(), d.stderrBytes());
    }

    @FuzzTest
    void rawReplEntry(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        Outcome<String> whole = Contract.decode(() -> entry(List.of(in.payload())));
        Outcome<String> split = Contract.decode(() -> entry(in.reads()));
        same(whole.ok(), split.ok(), "finding the raw REPL banner");
        same(whole.value(), split.value(), "the bytes after the raw REPL banner");
    }

    private static String entry(List<byte[]> reads) {
        RawReplEntry e = new RawReplEntry();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (byte[] read : reads) {
            if (e.entered()) {
                rest.writeBytes(read);
            } else if (e.offer(read, 0, read.length)) {
                rest.writeBytes(e.leftover());
            }
        }
        return e.entered() ? HexFormat.of().formatHex(rest.toByteArray()) : "(not entered)";
    }

    /**
     * Raw-paste as the host runs it: the first read is the device's answer to {@code \x05A\x01}, later reads arrive
     * while pasting; between reads the host sends what the credit allows and its end marker when due (flag 0: it
     * cancels before the last read instead). Checks flow control: never more code than credit granted.
     */
    @FuzzTest
    void rawPaste(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        List<byte[]> reads = in.reads();
        if (reads.isEmpty()) {
            return; // one read per byte of nothing
        }
        byte[] code = "for i in range(3):\n    print('raw-paste', i)\n".repeat(1 + in.flags() * 5)
                .getBytes(StandardCharsets.US_ASCII);
        RawPasteWriter w = new RawPasteWriter(code);
        Outcome<RawPasteWriter.Negotiation> n = Contract.decode(() -> negotiate(w, reads.get(0)));
        if (!n.ok() || n.value() != RawPasteWriter.Negotiation.ACCEPTED) {
            return;
        }
        check(w.window() > 0, "accepted with window " + w.window());
        int firstOnes = 0;
        for (byte b : reads.get(0)) {
            firstOnes += b == ReplBytes.CTRL_A ? 1 : 0;
        }
        // the window announcement frees one window, each \x01 one more (the first \x01 comes in the answer)
        long granted = w.credit();
        check(granted <= (long) w.window() * (1 + firstOnes), "initial credit " + granted);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 1; i < reads.size() && !w.finished(); i++) {
            if (in.flag(0) && i == reads.size() - 1 && !w.interrupted()) {
                w.interrupt();
            }
            hostSends(w, sent);
            byte[] read = reads.get(i);
            int ones = 0;
            for (byte b : read) {
                ones += b == ReplBytes.CTRL_A ? 1 : 0;
            }
            boolean abortedBefore = w.deviceAborted();
            Outcome<Integer> used = Contract.decode(() -> w.offerDeviceBytes(read, 0, read.length));
            if (!used.ok()) {
                return;
            }
            check(used.value() >= 0 && used.value() <= read.length, "consumed " + used.value() + " of " + read.length);
            check(used.value() == read.length || w.finished(), "stopped early without finishing");
            if (!abortedBefore) {
                granted += (long) ones * w.window(); // an upper bound: grants after an abort or the end do not count
            }
            check(sent.size() <= granted, "sent " + sent.size() + " bytes with only " + granted + " granted");
            check(w.credit() >= 0, "negative credit " + w.credit());
        }
        hostSends(w, sent);
        check(sent.size() <= code.length && Arrays.equals(sent.toByteArray(), 0, sent.size(), code, 0, sent.size()),
                "the bytes sent are not a prefix of the code");
    }

    private static RawPasteWriter.Negotiation negotiate(RawPasteWriter w, byte[] answer) {
        return w.offer(answer, 0, answer.length);
    }

    private static void hostSends(RawPasteWriter w, ByteArrayOutputStream sent) {
        for (byte[] d = w.nextData(); d.length > 0; d = w.nextData()) {
            sent.writeBytes(d);
        }
        if (w.endDue()) {
            w.end();
        }
    }

    /**
     * The friendly REPL's output after {@code code\r}: payload = code, NUL, received bytes. Never throws (device
     * text is shown as is); line ends come out as \n only.
     */
    @FuzzTest
    void friendlyOutput(byte[] data) {
        byte[] p = FuzzInput.of(data).payload();
        int nul = 0;
        while (nul < p.length && p[nul] != 0) {
            nul++;
        }
        String code = new String(p, 0, nul, StandardCharsets.UTF_8);
        byte[] received = Arrays.copyOfRange(p, Math.min(nul + 1, p.length), p.length);
        FriendlyOutput.Parts parts = FriendlyOutput.split(received, code);
        check(parts.stdout().indexOf('\r') < 0 && parts.traceback().indexOf('\r') < 0, "a \\r survived");
        check(parts.traceback().isEmpty() || parts.traceback().startsWith(ReplBytes.TRACEBACK), "traceback start");
        check(parts.failed() == !parts.traceback().isEmpty(), "failed()");
        check(!parts.exceptionLine().contains("\n"), "exceptionLine spans lines");
    }
}
