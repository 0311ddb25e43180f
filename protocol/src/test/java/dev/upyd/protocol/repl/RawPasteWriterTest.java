package dev.upyd.protocol.repl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Random;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives RawPasteWriter against a model of the device's raw-paste reader (pyexec.c do_reader_stdin +
 * mp_reader_stdin: 256-byte stdin buffer, window 128, "\x01" each time a window has been consumed), which fails
 * the test if the host ever overflows the buffer.
 */
class RawPasteWriterTest {
    static final class DeviceModel {
        final int bufMax;
        final int window;
        final int abortAfter; // bytes read before a "compile error", -1 = never
        final ArrayDeque<Byte> stdin = new ArrayDeque<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
        int windowRemain;
        boolean eof;
        boolean draining;
        boolean finished;

        DeviceModel(int bufMax, int abortAfter) {
            this.bufMax = bufMax;
            this.window = bufMax / 2;
            this.abortAfter = abortAfter;
            this.windowRemain = window;
            toHost.writeBytes(new byte[] {'R', 1, (byte) window, (byte) (window >> 8), 1});
        }

        void fromHost(byte[] b) {
            for (byte x : b) {
                if (stdin.size() == bufMax) {
                    throw new AssertionError("host overflowed the device's " + bufMax + "-byte stdin buffer");
                }
                stdin.add(x);
            }
        }

        /** The interpreter reads up to n bytes from stdin. */
        void run(int n) {
            for (int i = 0; i < n && !stdin.isEmpty() && !finished; i++) {
                int c = stdin.poll();
                if (draining) {
                    if (c == 4 || c == 3) {
                        draining = false;
                        finished = true;
                        toHost.writeBytes(ascii("\u0004Traceback (most recent call last):\r\nSyntaxError: invalid syntax\r\n\u0004>"));
                    }
                    continue;
                }
                if (c == 3) { // mp_reader_stdin_readbyte: end of input + KeyboardInterrupt
                    eof = true;
                    finished = true;
                    toHost.write(4);
                    toHost.writeBytes(ascii("\u0004KeyboardInterrupt: \r\n\u0004>"));
                    continue;
                }
                if (c == 4) {
                    eof = true;
                    finished = true;
                    toHost.write(4);
                    toHost.writeBytes(ascii("ran " + received.size() + " bytes\r\n\u0004\u0004>"));
                    continue;
                }
                received.write(c);
                if (--windowRemain == 0) {
                    toHost.write(1);
                    windowRemain = window;
                }
                if (abortAfter >= 0 && received.size() == abortAfter) {
                    toHost.write(4); // close(): indicate end to host, then drain until its \x04
                    draining = true;
                }
            }
        }

        byte[] drainToHost() {
            byte[] b = toHost.toByteArray();
            toHost.reset();
            return b;
        }
    }

    private static String paste(byte[] code, DeviceModel dev, Random rnd) {
        return paste(code, dev, rnd, -1);
    }

    /** Runs a whole paste; {@code interruptAtStep} >= 0 cancels with Ctrl-C at that step. */
    private static String paste(byte[] code, DeviceModel dev, Random rnd, int interruptAtStep) {
        RawPasteWriter w = new RawPasteWriter(code);
        java.util.List<byte[]> answer = Feed.splitAt(dev.drainToHost(), 2); // "R\x01" | window + "\x01"
        assertEquals(RawPasteWriter.Negotiation.NEED_MORE, w.offer(answer.get(0)));
        assertEquals(RawPasteWriter.Negotiation.ACCEPTED, w.offer(answer.get(1)));
        assertEquals(dev.window, w.window());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        RawReplDecoder result = new RawReplDecoder(RawReplDecoder.Start.STDOUT);
        RawRecorder rec = new RawRecorder();
        for (int step = 0; step < 1_000_000 && !rec.done; step++) {
            if (step == interruptAtStep) {
                dev.fromHost(w.interrupt());
            }
            byte[] slice = w.nextData();
            if (slice.length > 0) {
                dev.fromHost(slice);
            }
            if (w.endDue()) {
                dev.fromHost(w.end());
            }
            dev.run(rnd.nextInt(64) + 1);
            byte[] fromDev = dev.drainToHost();
            int used = w.finished() ? 0 : w.offerDeviceBytes(fromDev, 0, fromDev.length);
            if (w.finished()) {
                result.offer(fromDev, used, fromDev.length - used, rec);
            }
        }
        assertTrue(rec.done, "paste did not finish");
        dev.run(Integer.MAX_VALUE);
        assertTrue(dev.stdin.isEmpty(), "host sent bytes after the device finished (a stray \\x04 soft-resets)");
        output.writeBytes(rec.out.toByteArray());
        return output.toString(StandardCharsets.US_ASCII) + "|" + rec.err.toString(StandardCharsets.US_ASCII);
    }

    static final class RawRecorder implements RawReplListener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean done;

        @Override
        public void stdout(byte[] b) {
            out.writeBytes(b);
        }

        @Override
        public void stderr(byte[] b) {
            err.writeBytes(b);
        }

        @Override
        public void done() {
            done = true;
        }
    }

    @Test
    void flowControlNeverOverrunsTheDeviceBuffer() {
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(seed);
            byte[] code = new byte[rnd.nextInt(5000) + 1];
            for (int i = 0; i < code.length; i++) {
                code[i] = (byte) ('a' + rnd.nextInt(26));
            }
            DeviceModel dev = new DeviceModel(256, -1);
            String out = paste(code, dev, rnd);
            assertArrayEquals(code, dev.received.toByteArray());
            assertEquals("ran " + code.length + " bytes\r\n|", out);
        }
    }

    @Test
    void deviceAbortStopsSendingAndSendsOneEndMarker() {
        Random rnd = new Random(5);
        byte[] code = ascii("x".repeat(3000));
        DeviceModel dev = new DeviceModel(256, 300);
        String out = paste(code, dev, rnd);
        assertTrue(dev.received.size() < code.length, "must stop after the device's \\x04");
        assertEquals("|Traceback (most recent call last):\r\nSyntaxError: invalid syntax\r\n", out);
    }

    @Test
    void interruptWhilePastingSendsNoEndMarker() {
        for (int step = 0; step < 6; step++) {
            DeviceModel dev = new DeviceModel(256, -1);
            String out = paste(ascii("y".repeat(4000)), dev, new Random(step), step);
            assertEquals("|KeyboardInterrupt: \r\n", out);
            assertTrue(dev.received.size() < 4000);
        }
        // interrupting a device that already aborted (draining) also ends the paste without \x04
        DeviceModel dev = new DeviceModel(256, 10);
        RawPasteWriter w = new RawPasteWriter(ascii("z".repeat(500)));
        w.offer(dev.drainToHost());
        dev.fromHost(w.nextData());
        dev.run(100);
        byte[] answer = dev.drainToHost(); // \x04 after 10 bytes: the device aborted and drains
        assertEquals(answer.length, w.offerDeviceBytes(answer, 0, answer.length));
        assertTrue(w.deviceAborted());
        assertArrayEquals(new byte[] {3}, w.interrupt());
        assertTrue(w.finished());
        assertFalse(w.endDue());
        assertTrue(w.interrupted());
    }

    @Test
    void unsupportedAnswers() {
        RawPasteWriter w = new RawPasteWriter(ascii("1"));
        assertEquals(RawPasteWriter.Negotiation.UNSUPPORTED, w.offer(new byte[] {'R', 0}));
        assertEquals(0, w.nextData().length);
        // old firmware without raw-paste echoes the raw REPL banner again
        byte[] old = ascii("raw REPL; CTRL-B to exit\r\n>");
        for (java.util.List<byte[]> cut : Feed.allCuts(old)) {
            RawPasteWriter o = new RawPasteWriter(ascii("1"));
            RawPasteWriter.Negotiation n = RawPasteWriter.Negotiation.NEED_MORE;
            for (byte[] p : cut) {
                n = o.offer(p);
            }
            assertEquals(RawPasteWriter.Negotiation.UNSUPPORTED, n);
        }
    }

    @Test
    void orderViolations() {
        assertThrows(ProtocolException.class, () -> new RawPasteWriter(ascii("1")).offer(ascii("OK")));
        assertThrows(ProtocolException.class, () -> new RawPasteWriter(ascii("1")).offer(new byte[] {'R', 2}));
        assertThrows(ProtocolException.class, () -> new RawPasteWriter(ascii("1")).offer(ascii("rax")));
        assertThrows(ProtocolException.class, () -> new RawPasteWriter(ascii("1")).offer(new byte[] {'R', 1, 0, 0}));
        assertThrows(ProtocolException.class, () -> new RawPasteWriter(ascii("1")).offer(new byte[] {'R', 0, 'x'}));
        RawPasteWriter w = new RawPasteWriter(ascii("print(1)"));
        w.offer(new byte[] {'R', 1, (byte) 0x80, 0, 1});
        ProtocolException e = assertThrows(ProtocolException.class, () -> w.onDeviceByte('E'));
        assertTrue(e.getMessage().contains("0x45"), e.getMessage());
        RawPasteWriter a = new RawPasteWriter(ascii("print(1)"));
        a.offer(new byte[] {'R', 1, (byte) 0x80, 0, 1});
        assertThrows(ProtocolException.class, () -> a.offerDeviceBytes(new byte[] {4, 'x'}, 0, 2));
        RawPasteWriter early = new RawPasteWriter(ascii("print(1)"));
        early.offer(new byte[] {'R', 1, (byte) 0x80, 0, 1});
        assertThrows(IllegalStateException.class, early::end); // nothing sent yet
        assertArrayEquals(ascii("print(1)"), early.nextData());
        assertArrayEquals(new byte[] {4}, early.end());
        assertThrows(ProtocolException.class, () -> early.onDeviceByte('x'));
        assertFalse(early.finished());
        early.onDeviceByte(1); // a late grant is harmless
        early.onDeviceByte(4);
        assertTrue(early.finished());
    }

    @Test
    void codeTheDeviceWouldMisreadIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RawPasteWriter(new byte[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RawPasteWriter(ascii("print('\u0004')")));
        assertTrue(e.getMessage().contains("offset 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplBytes.rawExec(ascii("\u0003")));
        assertArrayEquals(ascii("1\u0004"), ReplBytes.rawExec(ascii("1")));
    }

    @Test
    void creditIsRespected() {
        byte[] code = new byte[1000];
        java.util.Arrays.fill(code, (byte) ' ');
        RawPasteWriter w = new RawPasteWriter(code);
        w.offer(new byte[] {'R', 1, (byte) 0x80, 0});
        assertEquals(128, w.nextData().length); // window announced: one window
        assertEquals(0, w.nextData().length);
        w.onDeviceByte(1);
        assertEquals(128, w.nextData().length);
        w.onDeviceByte(1);
        w.onDeviceByte(1);
        assertEquals(256, w.nextData().length);
        assertEquals(512, w.sent());
        assertFalse(w.allSent());
    }
}
