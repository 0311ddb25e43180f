package dev.upyd.sim.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The bytes of the output attacks, as frames (each list element is one frame's payload). */
public final class HostilePayloads {
    /** Where the raw REPL's stdout ends and the (empty) stderr and prompt follow. */
    static final byte[] END_OF_OUTPUT = {0x04, 0x04, '>'};
    /** A KeyboardInterrupt after Ctrl-C: end of stdout, the traceback on stderr, the prompt. */
    static final byte[] INTERRUPTED = ("\r\n\u0004Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, "
            + "in <module>\r\nKeyboardInterrupt: \r\n\u0004>").getBytes(StandardCharsets.US_ASCII);

    /** The same interruption in the friendly REPL (a shell's REPL mode typed `flood`). */
    static final byte[] INTERRUPTED_FRIENDLY = ("\r\nTraceback (most recent call last):\r\n  File \"<stdin>\", line 1, "
            + "in <module>\r\nKeyboardInterrupt: \r\n>>> ").getBytes(StandardCharsets.US_ASCII);

    /** Payload bytes announced by {@link HostileMode#OVERSIZE_LENGTH}: 2^40, one TiB. */
    public static final long HUGE_LENGTH = 1L << 40;
    /** Size of the real frame of {@link HostileMode#OVERSIZE_FRAME}. */
    public static final int BIG_FRAME = 3 << 19; // 1.5 MiB

    private HostilePayloads() {
    }

    /**
     * A server TEXT frame header (unmasked) with a 64-bit length. Hand-written: Netty's encoder would
     * want the whole payload in memory, and the point is to announce what never comes.
     */
    static byte[] textHeader64(long length) {
        byte[] h = new byte[10];
        h[0] = (byte) 0x81; // FIN + TEXT
        h[1] = 127; // 64-bit extended payload length follows
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        return h;
    }

    /** Frames of exec output with invalid UTF-8; the marker words let a test find them in the output. */
    public static List<byte[]> badUtf8Frames() {
        return List.of(
                bytes("bad-utf8 start:", 0x80, 0xBF, ' '), // lone continuation bytes
                bytes("overlong:", 0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xF0, 0x80, 0x80, 0xAF, ' '), // overlong '/'
                bytes("surrogate:", 0xED, 0xA0, 0x80, " invalid:", 0xF8, 0xFE, 0xFF, " cut:", 0xE2, 0x82), // cut at the frame end
                bytes(0x41, " cut4:", 0xF0, 0x9F), // continuation missing, a new cut sequence at the end
                bytes(0x98, " end\r\n")); // the tail of the cut 4-byte sequence, arriving alone
    }

    /** Frames of exec output meant to take over the user's terminal; some sequences are split across frames. */
    public static List<byte[]> ansiFrames() {
        String esc = "\u001b";
        return List.of(
                ascii("ansi start " + esc + "[31mred" + esc + "[0m\r\n"), // colour: harmless
                ascii(esc + "]0;pwned title\u0007" + esc + "]2;pwned title 2" + esc + "\\"), // OSC 0/2 window title
                ascii(esc + "]52;c;ZWNobyBwd25lZA==\u0007"), // OSC 52: write "echo pwned" to the clipboard
                ascii(esc + "[2J" + esc + "[H" + esc + "[10;10H" + esc + "[5A" + esc + "[?1049h"), // clear, home, moves, alt screen
                ascii(esc + "P1$tpwned-dcs" + esc + "\\"), // DCS
                bytes(0x9b, "2J", 0x9b, "H"), // 8-bit C1 CSI
                ascii(esc + "]"), // an OSC split across frames ...
                ascii("0;split title\u0007" + esc), // ... and a CSI split after its ESC
                ascii("[3;3Hansi end\r\n"));
    }

    /** One 16 KiB frame of endless output: printable lines. */
    static byte[] floodChunk() {
        byte[] line = "flood 0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[16 * 1024];
        for (int i = 0; i < out.length; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }

    static byte[] bigFrame() {
        byte[] payload = new byte[BIG_FRAME];
        Arrays.fill(payload, (byte) 'B');
        return payload;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Strings (as ISO-8859-1) and byte values (Integers) concatenated. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                o.writeBytes(ascii(s));
            } else if (p instanceof Integer i) {
                o.write(i);
            } else if (p instanceof Character c) {
                o.write(c);
            }
        }
        return o.toByteArray();
    }
}
