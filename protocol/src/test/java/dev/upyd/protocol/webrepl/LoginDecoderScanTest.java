package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * LoginDecoder resumes its search where the previous read stopped (a marker length back) instead of rescanning
 * the buffer: markers that start in one read and end in a later one, false starts right before the real marker,
 * and the exact buffer limit must come out the same for every cut.
 */
class LoginDecoderScanTest {
    private static final LoginEvent.Kind PROMPT = LoginEvent.Kind.PASSWORD_PROMPT;
    private static final LoginEvent.Kind CONNECTED = LoginEvent.Kind.CONNECTED;


    /** The events in order (polling after each, like the daemon), then the REPL bytes that followed the banner. */
    private static List<Object> events(List<byte[]> reads) {
        LoginDecoder d = new LoginDecoder();
        List<Object> r = new ArrayList<>();
        StringBuilder repl = new StringBuilder();
        for (byte[] read : reads) {
            if (d.finished()) {
                if (r.contains(CONNECTED)) { // after DENIED the device closes; nothing is REPL output
                    repl.append(new String(read, StandardCharsets.ISO_8859_1));
                }
                continue;
            }
            for (LoginEvent ev = d.offer(read); ev != LoginEvent.NEED_MORE; ev = d.offer(new byte[0])) {
                r.add(ev.kind());
                if (ev instanceof LoginEvent.Connected c) {
                    repl.append(new String(c.leftover(), StandardCharsets.ISO_8859_1));
                }
                if (d.finished()) {
                    break;
                }
            }
        }
        if (repl.length() > 0) {
            r.add(repl.toString());
        }
        return r;
    }

    @Test
    void falseStartsBeforeEachMarkerInEveryCut() {
        byte[] stream = ascii("Passw\r\nPassword:Password: \r\nWebREPL conn\r\nAccess\r\nWebREPL connected\r\n>>> hi");
        for (List<byte[]> cut : Feed.allCuts(stream)) {
            assertEquals(List.of(PROMPT, CONNECTED, "hi"), events(cut));
        }
    }

    @Test
    void theEarlierResultMarkerWinsInEveryCut() {
        byte[] denied = ascii("Password: \r\nAccess denied\r\nWebREPL connected\r\n>>> ");
        for (List<byte[]> cut : Feed.allCuts(denied)) {
            assertEquals(List.of(PROMPT, LoginEvent.Kind.DENIED), events(cut));
        }
        byte[] connected = ascii("Password: \r\nWebREPL connected\r\n>>> Access denied");
        for (List<byte[]> cut : Feed.allCuts(connected)) {
            assertEquals(List.of(PROMPT, CONNECTED, "Access denied"),
                    events(cut));
        }
    }

    @Test
    void aPromptEndingExactlyAtTheLimitIsFoundWholeAndBytewise() {
        byte[] fits = ascii("x".repeat(LoginDecoder.MAX_BUFFERED - 10) + "Password: ");
        assertEquals(List.of(PROMPT), events(List.of(fits)));
        assertEquals(List.of(PROMPT), events(Feed.bytewise(fits)));
        byte[] late = ascii("x".repeat(LoginDecoder.MAX_BUFFERED - 9) + "Password: ");
        assertThrows(ProtocolException.class, () -> events(List.of(late)));
        assertThrows(ProtocolException.class, () -> events(Feed.bytewise(late)));
    }

    @Test
    void outputAfterThePromptIsSearchedForTheBannerAfterThePromptWasFound() {
        // the banner's start arrived with the prompt and was scanned (for the prompt) before the state changed
        LoginDecoder d = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, d.offer(ascii("Password: \r\nWebREPL conn")));
        assertEquals(LoginEvent.NEED_MORE, d.offer(new byte[0]));
        LoginEvent ev = d.offer(ascii("ected\r\n>>> x"));
        assertArrayEquals(ascii("x"), ((LoginEvent.Connected) ev).leftover());
    }
}
