package dev.upyd.protocol.fuzz;

import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.pylit.PythonLiteral;
import dev.upyd.protocol.repl.RawReplEntry;
import dev.upyd.protocol.webrepl.LoginDecoder;
import dev.upyd.protocol.webrepl.LoginEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the fuzz tests found, as plain unit tests (the inputs are kept in the fuzz tests' input directories too).
 *
 * <p>1. The whole-versus-split check: LoginDecoder and RawReplEntry applied their size limit to the size of one
 * read, so the same device bytes were accepted when cut into small reads and rejected when they arrived in one
 * large read (and RawReplEntry accepted a banner after more than MAX_NOISE bytes if it came in the same read).
 *
 * <p>2. PythonLiteral: {@code 0o_} (a radix prefix followed only by underscores) escaped as a
 * NumberFormatException, and {@code bytearray(b} at the end of the input as a StringIndexOutOfBoundsException,
 * instead of a ProtocolException.
 */
class FuzzFindingsRegressionTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void loginBannerFollowedByMoreThanTheLimitInOneRead() {
        String output = "y".repeat(LoginDecoder.MAX_BUFFERED + 904);
        LoginDecoder d = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, d.offer(ascii("Password: ")));
        LoginEvent ev = d.offer(ascii("\r\nWebREPL connected\r\n>>> " + output));
        assertEquals(LoginEvent.Kind.CONNECTED, ev.kind());
        assertArrayEquals(ascii(output), ((LoginEvent.Connected) ev).leftover());
    }

    @Test
    void promptBannerAndOutputAllInOneRead() {
        String output = "z".repeat(LoginDecoder.MAX_BUFFERED);
        LoginDecoder d = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, d.offer(ascii("Password: \r\nWebREPL connected\r\n>>> " + output)));
        LoginEvent ev = d.offer(new byte[0]);
        assertEquals(LoginEvent.Kind.CONNECTED, ev.kind());
        assertArrayEquals(ascii(output), ((LoginEvent.Connected) ev).leftover());
        assertTrue(d.finished());
    }

    @Test
    void outputAfterThePromptCountsTowardsTheLimitOfTheNextState() {
        LoginDecoder d = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, d.offer(ascii("Password: " + "x".repeat(4070))));
        assertEquals(LoginEvent.NEED_MORE, d.offer(new byte[0]));
        assertEquals(LoginEvent.DENIED, d.offer(ascii("\r\nAccess denied\r\n")));

        LoginDecoder full = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, full.offer(ascii("Password: " + "x".repeat(4090))));
        assertThrows(ProtocolException.class, () -> full.offer(ascii("\r\nAccess denied\r\n")));
    }

    @Test
    void loginStillRejectsEndlessOutputWithoutAPrompt() {
        LoginDecoder whole = new LoginDecoder();
        assertThrows(ProtocolException.class, () -> whole.offer(ascii("z".repeat(LoginDecoder.MAX_BUFFERED + 1))));
        LoginDecoder split = new LoginDecoder();
        assertEquals(LoginEvent.NEED_MORE, split.offer(ascii("z".repeat(LoginDecoder.MAX_BUFFERED))));
        assertThrows(ProtocolException.class, () -> split.offer(ascii("Password: ")));
    }

    @Test
    void rawBannerWithinTheNoiseLimitIsFoundInAnyCut() {
        String banner = "raw REPL; CTRL-B to exit\r\n>";
        String noise = "n".repeat(RawReplEntry.MAX_NOISE);
        RawReplEntry whole = new RawReplEntry();
        assertTrue(whole.offer(ascii(noise + banner + "x")));
        assertArrayEquals(ascii("x"), whole.leftover());

        RawReplEntry split = new RawReplEntry();
        assertFalse(split.offer(ascii(noise + "raw REPL; CTRL-B")));
        assertTrue(split.offer(ascii(" to exit\r\n>x")));
        assertArrayEquals(ascii("x"), split.leftover());
    }

    @Test
    void rawBannerAfterTheNoiseLimitIsRejectedInAnyCut() {
        String banner = "raw REPL; CTRL-B to exit\r\n>";
        String noise = "n".repeat(RawReplEntry.MAX_NOISE + 1);
        assertThrows(ProtocolException.class, () -> new RawReplEntry().offer(ascii(noise + banner)));
        RawReplEntry split = new RawReplEntry();
        assertFalse(split.offer(ascii(noise.substring(1))));
        assertThrows(ProtocolException.class, () -> split.offer(ascii("n" + banner)));
    }

    @Test
    void radixPrefixWithOnlyUnderscoresIsAProtocolError() {
        for (String lit : new String[] {"0o_", "0x__", "-0b_", "[0X_]"}) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> PythonLiteral.parse(lit), lit);
            assertTrue(e.getMessage().contains("expected digits"), e.getMessage());
        }
        assertEquals(255L, PythonLiteral.parse("0x_f_f"));
    }

    @Test
    void bytearrayCutAfterItsBIsAProtocolError() {
        for (String lit : new String[] {"bytearray(b", "bytearray(B", "bytearray( b", "bytearray(bx1x)"}) {
            assertThrows(ProtocolException.class, () -> PythonLiteral.parse(lit), lit);
        }
        assertArrayEquals(new byte[] {1, 'a'}, (byte[]) PythonLiteral.parse("bytearray(b'\\x01a')"));
    }
}
