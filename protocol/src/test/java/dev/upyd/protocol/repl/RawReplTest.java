package dev.upyd.protocol.repl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.Transcript;
import dev.upyd.protocol.pylit.PythonLiteral;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawReplTest {
    /** Collects what a decoder reported. */
    static final class Collect implements RawReplListener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        int done;
        int stdoutCalls;

        @Override
        public void stdout(byte[] b) {
            stdoutCalls++;
            out.writeBytes(b);
        }

        @Override
        public void stderr(byte[] b) {
            err.writeBytes(b);
        }

        @Override
        public void done() {
            done++;
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** One host action of the capture and the device bytes that answered it. */
    record Exchange(byte[] sent, byte[] answer) {
    }

    static List<Exchange> exchanges(Transcript t) {
        List<Exchange> r = new ArrayList<>();
        byte[] sent = null;
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        for (Transcript.Event e : t.events()) {
            if (!e.frame()) {
                continue;
            }
            if (e.c2s()) {
                if (sent != null && answer.size() > 0) {
                    r.add(new Exchange(sent, answer.toByteArray()));
                    answer.reset();
                    sent = e.bytes();
                } else {
                    sent = sent == null ? e.bytes() : Feed.concat(sent, e.bytes());
                }
            } else {
                answer.writeBytes(e.bytes());
            }
        }
        if (sent != null) {
            r.add(new Exchange(sent, answer.toByteArray()));
        }
        return r;
    }

    static Exchange find(List<Exchange> ex, String sentPrefix) {
        return ex.stream().filter(e -> new String(e.sent(), StandardCharsets.ISO_8859_1).startsWith(sentPrefix))
                .findFirst().orElseThrow(() -> new AssertionError("no exchange starting with " + sentPrefix));
    }

    static Collect decodeEveryWay(byte[] answer, RawReplDecoder.Start start, String expectOut, String expectErr) {
        Collect last = null;
        for (List<byte[]> cut : Feed.allCuts(answer)) {
            RawReplDecoder d = new RawReplDecoder(start);
            Collect c = new Collect();
            for (byte[] p : cut) {
                d.offer(p, 0, p.length, c);
            }
            assertEquals(expectOut, c.out());
            assertEquals(expectErr, c.err());
            assertEquals(1, c.done);
            assertTrue(d.done());
            assertEquals(0, d.leftover().length);
            last = c;
        }
        return last;
    }

    @Test
    void capturedRawReplExecutions() {
        List<Exchange> ex = exchanges(Transcript.load("02_wss_raw_repl.jsonl"));

        Exchange enter = find(ex, "\r\u0001");
        for (List<byte[]> cut : Feed.allCuts(enter.answer())) {
            RawReplEntry entry = new RawReplEntry();
            boolean in = false;
            for (byte[] p : cut) {
                assertFalse(in, "no data after the banner expected");
                in = entry.offer(p);
            }
            assertTrue(in);
            assertEquals(0, entry.leftover().length);
        }

        decodeEveryWay(find(ex, "print(1+1)").answer(), RawReplDecoder.Start.OK, "2\r\nline2\r\n", "");
        decodeEveryWay(find(ex, "raise ValueError").answer(), RawReplDecoder.Start.OK, "",
                "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\nValueError: boom\r\n");
        decodeEveryWay(find(ex, "print('\u00c3").answer(), RawReplDecoder.Start.OK, "\u00e9\u20ac\r\n", "");

        Exchange uname = find(ex, "import os");
        Collect c = new Collect();
        RawReplDecoder d = new RawReplDecoder();
        // feed frame-like pieces: the device sent one frame per write; stdout is streamed, not held back
        for (byte[] p : Feed.bytewise(uname.answer())) {
            d.offer(p, 0, 1, c);
        }
        String[] lines = c.out().split("\r\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("(sysname='linux', nodename='linux', release='1.28.0'"), lines[0]);
        assertEquals(List.of("boot.py", "webrepl_cfg.py", "ROOT_CA_cert.pem", "SSL_key240ac4e0c0de.der",
                "wss_helper.py", "SSL_certificate240ac4e0c0de.der", "wss_repl.py"), PythonLiteral.parse(lines[1]));
        assertTrue(c.stdoutCalls > 100, "stdout must stream as bytes arrive");
    }

    @Test
    void capturedRawPasteNegotiationAndResult() {
        List<Exchange> ex = exchanges(Transcript.load("02_wss_raw_repl.jsonl"));
        Exchange req = find(ex, "\u0005A\u0001");
        assertArrayEquals(ReplBytes.RAW_PASTE_REQUEST, req.sent());
        byte[] code = ascii("for i in range(3):\n    print('raw-paste', i)\n");
        for (List<byte[]> cut : Feed.allCuts(req.answer())) {
            RawPasteWriter w = new RawPasteWriter(code);
            RawPasteWriter.Negotiation n = RawPasteWriter.Negotiation.NEED_MORE;
            for (byte[] p : cut) {
                if (n == RawPasteWriter.Negotiation.ACCEPTED) {
                    assertEquals(p.length, w.offerDeviceBytes(p, 0, p.length));
                } else {
                    n = w.offer(p);
                }
            }
            assertEquals(RawPasteWriter.Negotiation.ACCEPTED, n);
            assertEquals(0x80, w.window());
            assertEquals(256, w.credit()); // window announced + one \x01 = two windows
        }
        Exchange data = find(ex, "for i in range(3)");
        assertArrayEquals(Feed.concat(code, new byte[] {4}), data.sent());
        // the device's answer after our \x04: ack \x04, stdout, \x04, stderr, \x04, >
        decodeEveryWay(data.answer(), RawReplDecoder.Start.PASTE_ACK,
                "raw-paste 0\r\nraw-paste 1\r\nraw-paste 2\r\n", "");
        RawPasteWriter w = new RawPasteWriter(code);
        assertEquals(RawPasteWriter.Negotiation.ACCEPTED, w.offer(req.answer()));
        assertArrayEquals(code, w.nextData());
        assertTrue(w.endDue());
        assertArrayEquals(new byte[] {4}, w.end());
        int used = w.offerDeviceBytes(data.answer(), 0, data.answer().length);
        assertEquals(1, used);
        assertTrue(w.finished());
        Collect c = new Collect();
        new RawReplDecoder(RawReplDecoder.Start.STDOUT).offer(data.answer(), used, data.answer().length - used, c);
        assertEquals("raw-paste 0\r\nraw-paste 1\r\nraw-paste 2\r\n", c.out());
    }

    @Test
    void violationsShowTheBytes() {
        RawReplDecoder d = new RawReplDecoder();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> d.offer(ascii("\r\n>>> x"), 0, 7, new Collect()));
        assertTrue(e.getMessage().contains("\\r\\n>>> x"), e.getMessage());
        assertTrue(e.getMessage().contains("OK"), e.getMessage());
        RawReplDecoder k = new RawReplDecoder();
        assertThrows(ProtocolException.class, () -> k.offer(ascii("OX"), 0, 2, new Collect()));
        RawReplDecoder p = new RawReplDecoder();
        assertThrows(ProtocolException.class, () -> p.offer(ascii("OK\u0004\u0004?"), 0, 5, new Collect()));
        RawReplDecoder ack = RawReplDecoder.afterRawPaste();
        assertThrows(ProtocolException.class, () -> ack.offer(ascii("OK"), 0, 2, new Collect()));
        // late window grants before the ack are fine
        Collect c = new Collect();
        byte[] late = ascii("\u0001\u0001\u0004hi\u0004\u0004>");
        RawReplDecoder.afterRawPaste().offer(late, 0, late.length, c);
        assertEquals("hi", c.out());
        // after ">" only a bounded leftover is kept
        RawReplDecoder done = new RawReplDecoder();
        done.offer(ascii("OK\u0004\u0004>rest"), 0, 9, new Collect());
        assertArrayEquals(ascii("rest"), done.leftover());
        assertThrows(ProtocolException.class, () -> done.offer(new byte[5000], 0, 5000, new Collect()));
    }

    @Test
    void largeOutputIsStreamedWithBoundedMemory() {
        RawReplDecoder d = new RawReplDecoder();
        Collect c = new Collect();
        d.offer(ascii("OK"), 0, 2, c);
        byte[] chunk = new byte[65536];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long total = 0;
        for (int i = 0; i < 64; i++) { // 4 MiB of output
            RawReplListener counting = new RawReplListener() {
                @Override
                public void stdout(byte[] b) {
                    assertTrue(b.length <= chunk.length);
                }

                @Override
                public void stderr(byte[] b) {
                }

                @Override
                public void done() {
                }
            };
            d.offer(chunk, 0, chunk.length, counting);
            total += chunk.length;
        }
        d.offer(ascii("\u0004\u0004>"), 0, 3, c);
        assertTrue(d.done());
        assertEquals(total, d.stdoutBytes());
    }

    @Test
    void rawEntryToleratesBoundedNoise() {
        RawReplEntry e = new RawReplEntry();
        assertFalse(e.offer(ascii("Traceback...\r\nKeyboardInterrupt: \r\n>>> \r\n>>> \r\nraw REPL; CTRL")));
        assertTrue(e.offer(ascii("-B to exit\r\n>xy")));
        assertArrayEquals(ascii("xy"), e.leftover());
        RawReplEntry endless = new RawReplEntry();
        byte[] noise = ascii("still running\r\n".repeat(100));
        ProtocolException ex = assertThrows(ProtocolException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                endless.offer(noise);
            }
        });
        assertTrue(ex.getMessage().contains("still running"), ex.getMessage());
    }

    @Test
    void friendlyPromptDetection() {
        assertTrue(FriendlyPrompt.endsWithPrompt(ascii("2\r\n>>> "), 7));
        assertFalse(FriendlyPrompt.endsWithPrompt(ascii("2\r\n>>> x"), 8));
        assertTrue(FriendlyPrompt.endsWithPrompt(ascii("2\r\n>>> x"), 7)); // only len bytes count
        assertFalse(FriendlyPrompt.endsWithPrompt(ascii(">> "), 3));
        assertTrue(FriendlyPrompt.endsWithContinuation(ascii("for i in x:\r\n... "), 17));
        assertFalse(FriendlyPrompt.endsWithContinuation(ascii(">>> "), 4));
        assertFalse(FriendlyPrompt.endsWithPrompt(new byte[2], 5));
    }
}
