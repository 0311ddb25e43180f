package dev.upyd.daemon.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.DaemonSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * ExecStep fed with the device's bytes as a board sends them (pyexec.c), checking what it sends back:
 * flow control in raw-paste, and the plain raw REPL fallback the simulator cannot exercise.
 */
class ExecStepTest {
    /** Records what the step sends; the "device" answers are fed by the test. */
    static final class Wire implements DeviceSession.Io {
        final List<byte[]> sent = new ArrayList<>();

        @Override
        public void sendText(byte[] b) {
            sent.add(b);
        }

        @Override
        public void sendBinary(byte[] b) {
            throw new AssertionError("exec must not use the binary channel");
        }

        @Override
        public void finished(Operation op, boolean replClean) {
        }

        @Override
        public long setTimer(long ms, Runnable r) {
            return 1;
        }

        @Override
        public void cancelTimer(long id) {
        }

        @Override
        public DaemonSettings settings() {
            return DaemonSettings.of(Map.of("UPYD_HOME", "/nonexistent"), new Properties());
        }

        @Override
        public String deviceName() {
            return "dev";
        }

        int dataBytes() {
            int n = 0;
            for (int i = 1; i < sent.size(); i++) {
                n += sent.get(i).length;
            }
            return n;
        }
    }

    static final class Out implements ExecStep.Listener {
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
        public void done(boolean cancelled) {
            done = true;
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rawPasteNeverSendsBeyondTheGrantedWindows() {
        byte[] code = new byte[600];
        java.util.Arrays.fill(code, (byte) 'x');
        Wire w = new Wire();
        Out o = new Out();
        ExecStep s = new ExecStep(w, code, o);
        s.start();
        assertArrayEquals(new byte[] {5, 'A', 1}, w.sent.get(0));
        s.text(b("R\u0001\u0080\u0000\u0001")); // window 128, plus one grant: 256 bytes of credit
        assertEquals(256, w.dataBytes());
        s.text(b("\u0001"));
        assertEquals(384, w.dataBytes());
        s.text(b("\u0001\u0001"));
        assertEquals(600, w.dataBytes() - 1, "all code, then the end marker");
        assertArrayEquals(new byte[] {4}, w.sent.get(w.sent.size() - 1));
        s.text(b("\u0001\u000442\r\n\u0004\u0004>"));
        assertTrue(o.done);
        assertEquals("42\r\n", o.out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cancelWhilePastingNeverSendsTheEndMarker() {
        // a Ctrl-C in the middle of a paste ends the device's input; a \x04 after it would be an empty raw
        // REPL line, i.e. a soft reset that drops the session
        byte[] code = new byte[600];
        java.util.Arrays.fill(code, (byte) 'x');
        Wire w = new Wire();
        Out o = new Out();
        ExecStep s = new ExecStep(w, code, o);
        s.start();
        s.text(b("R\u0001\u0080\u0000\u0001"));
        assertEquals(256, w.dataBytes());
        s.interrupt();
        assertArrayEquals(new byte[] {3}, w.sent.get(w.sent.size() - 1));
        int sentBefore = w.sent.size();
        s.text(b("\u0001\u0004")); // a late window grant, then the device's end-of-input answer
        s.text(b("\u0004Traceback (most recent call last):\r\nKeyboardInterrupt: \r\n\u0004>"));
        assertTrue(o.done);
        for (int i = sentBefore; i < w.sent.size(); i++) {
            for (byte x : w.sent.get(i)) {
                assertTrue(x != 4, "no end marker after the interrupt");
            }
        }
        assertEquals(sentBefore, w.sent.size(), "nothing more is sent after the interrupt");
        assertTrue(o.err.toString(StandardCharsets.UTF_8).contains("KeyboardInterrupt"));
    }

    @Test
    void fallsBackToPlainRawReplOnOldFirmware() {
        Wire w = new Wire();
        Out o = new Out();
        ExecStep s = new ExecStep(w, b("print(1/0)"), o);
        s.start();
        s.text(b("R\u0000")); // understood, not supported
        assertEquals("print(1/0)", new String(w.sent.get(1), StandardCharsets.ISO_8859_1));
        assertArrayEquals(new byte[] {4}, w.sent.get(2));
        s.text(b("OK"));
        s.text(b("\u0004Traceback (most recent call last):\r\nZeroDivisionError: divide by zero\r\n\u0004>"));
        assertTrue(o.done);
        assertEquals("", o.out.toString(StandardCharsets.UTF_8));
        assertTrue(o.err.toString(StandardCharsets.UTF_8).contains("ZeroDivisionError"));
    }

    @Test
    void softRebootInsteadOfThePromptIsReportedAsAReset() {
        Wire w = new Wire();
        Out o = new Out();
        boolean[] reset = {false};
        ExecStep s = new ExecStep(w, b("import machine\nmachine.soft_reset()"), new ExecStep.Listener() {
            @Override
            public void stdout(byte[] x) {
            }

            @Override
            public void stderr(byte[] x) {
            }

            @Override
            public void done(boolean c) {
                o.done = true;
            }

            @Override
            public void deviceReset() {
                reset[0] = true;
            }
        });
        s.start();
        s.text(b("R\u0001\u0080\u0000\u0001"));
        s.text(b("\u0004\u0004\u0004MPY: soft reboot\r\n"));
        assertTrue(reset[0]);
        assertTrue(!o.done);
    }
}
