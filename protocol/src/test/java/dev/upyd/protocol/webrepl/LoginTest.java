package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.Transcript;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginTest {
    @Test
    void passwordLine() {
        assertArrayEquals(ascii("testpass\r"), WebReplLogin.passwordLine("testpass"));
        assertArrayEquals(ascii("123456789\r"), WebReplLogin.passwordLine("123456789"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebReplLogin.passwordLine("secret1234"));
        assertTrue(e.getMessage().contains("the device keeps only 9"), e.getMessage());
        assertFalse(e.getMessage().contains("secret1234"));
        e = assertThrows(IllegalArgumentException.class, () -> WebReplLogin.passwordLine("pw\rxx"));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebReplLogin.passwordLine("pw\n"));
        assertThrows(IllegalArgumentException.class, () -> WebReplLogin.passwordLine(""));
        assertThrows(IllegalArgumentException.class, () -> WebReplLogin.passwordLine(null));
        // the device counts bytes: 5 x 'é' = 10 UTF-8 bytes
        e = assertThrows(IllegalArgumentException.class, () -> WebReplLogin.passwordLine("ééééé"));
        assertFalse(e.getMessage().contains("é"));
    }

    /** Replays the device's TEXT payloads of a capture through a fresh decoder, cut every way. */
    private static List<LoginEvent> replay(List<byte[]> payloads) {
        List<LoginEvent> events = new ArrayList<>();
        LoginDecoder d = new LoginDecoder();
        for (byte[] p : payloads) {
            if (d.finished()) {
                break;
            }
            // one event per call: poll with an empty payload until the decoder needs more
            LoginEvent ev = d.offer(p);
            while (ev != LoginEvent.NEED_MORE) {
                events.add(ev);
                if (d.finished()) {
                    break;
                }
                ev = d.offer(new byte[0]);
            }
        }
        return events;
    }

    private static List<byte[]> deviceText(Transcript t) {
        return t.select(e -> e.s2c() && e.kind().equals("text")).stream().map(Transcript.Event::bytes).toList();
    }

    @Test
    void capturedLoginsAtEveryBoundary() {
        for (String name : List.of("01_wss_login_friendly_repl.jsonl", "19_wss_upydev_style_login.jsonl",
                "22_ws_login_repl_put_get.jsonl", "16_wss_soft_reset.jsonl")) {
            List<byte[]> frames = deviceText(Transcript.load(name));
            byte[] stream = Feed.concat(frames.subList(0, 2)); // "Password: " + banner
            for (List<byte[]> cut : Feed.allCuts(stream)) {
                List<LoginEvent> ev = replay(cut);
                assertEquals(2, ev.size(), name);
                assertSame(LoginEvent.PASSWORD_PROMPT, ev.get(0));
                assertEquals(LoginEvent.Kind.CONNECTED, ev.get(1).kind());
                assertEquals(0, ((LoginEvent.Connected) ev.get(1)).leftover().length);
            }
        }
    }

    @Test
    void bytesAfterTheBannerAreLeftover() {
        // scenario 19: upydev sends "testpass\r" then "\r": the device answers banner, then "\r\n" and ">>> "
        List<byte[]> frames = deviceText(Transcript.load("19_wss_upydev_style_login.jsonl"));
        byte[] stream = Feed.concat(frames.subList(0, 4));
        LoginDecoder d = new LoginDecoder();
        assertSame(LoginEvent.PASSWORD_PROMPT, d.offer(Feed.concat(frames.get(0))));
        LoginEvent ev = d.offer(Feed.concat(frames.subList(1, 4)));
        assertArrayEquals(ascii("\r\n>>> "), ((LoginEvent.Connected) ev).leftover());
        assertEquals(new LoginEvent.Connected(ascii("\r\n>>> ")), ev);
        assertTrue(stream.length > 0);
    }

    @Test
    void wrongPasswordIsDenied() {
        Transcript t = Transcript.load("10_wss_wrong_password.jsonl");
        List<byte[]> frames = deviceText(t);
        assertEquals(4, frames.size()); // two sessions: prompt + denied each
        for (int session = 0; session < 2; session++) {
            byte[] stream = Feed.concat(frames.subList(2 * session, 2 * session + 2));
            for (List<byte[]> cut : Feed.allCuts(stream)) {
                List<LoginEvent> ev = replay(cut);
                assertEquals(List.of(LoginEvent.PASSWORD_PROMPT, LoginEvent.DENIED), ev);
            }
        }
    }

    /** Scenario 23: webrepl_cli sends the password as a BINARY frame; the banner and GET_VER reply follow. */
    @Test
    void officialClientLogin() {
        Transcript t = Transcript.load("23_ws_official_webrepl_cli.jsonl");
        List<Transcript.Event> c2s = t.select(e -> e.c2s() && e.frame());
        assertArrayEquals(ascii("testpass\r"), c2s.get(0).bytes());
        assertEquals("binary", c2s.get(0).kind());
        DevicePasswordReader r = new DevicePasswordReader();
        assertEquals(Optional.of("testpass"), r.offer(c2s.get(0).bytes()));
        assertTrue(r.matches("testpass"));
        List<LoginEvent> ev = replay(deviceText(t));
        assertEquals(LoginEvent.Kind.CONNECTED, ev.get(1).kind());
    }

    @Test
    void decoderBuffersAtMostFourKiB() {
        LoginDecoder d = new LoginDecoder();
        byte[] noise = new byte[1000];
        assertThrows(ProtocolException.class, () -> {
            for (int i = 0; i < 10; i++) {
                d.offer(noise);
            }
        });
        // after the prompt, an endless stream without banner also ends in an error
        LoginDecoder d2 = new LoginDecoder();
        assertSame(LoginEvent.PASSWORD_PROMPT, d2.offer(ascii("Password: ")));
        assertThrows(ProtocolException.class, () -> {
            for (int i = 0; i < 10; i++) {
                d2.offer(noise);
            }
        });
    }

    @Test
    void devicePasswordReaderLikeModwebreplC() {
        // scenario 10: "testpassEXTRA\r" is cut to 10 bytes "testpassEX" and does not match "testpass"
        Transcript t = Transcript.load("10_wss_wrong_password.jsonl");
        List<byte[]> typed = t.select(e -> e.c2s() && e.frame()).stream().map(Transcript.Event::bytes).toList();
        DevicePasswordReader wrong = new DevicePasswordReader();
        assertEquals(Optional.of("wrongpw"), wrong.offer(typed.get(0)));
        assertFalse(wrong.matches("testpass"));
        DevicePasswordReader extra = new DevicePasswordReader();
        assertEquals(Optional.of("testpassEX"), extra.offer(typed.get(1)));
        assertFalse(extra.matches("testpass"));

        // byte by byte, bytes after \r go to the REPL, \n also ends the entry
        byte[] stream = ascii("testpass\r1+1\r");
        for (List<byte[]> cut : Feed.allCuts(stream)) {
            DevicePasswordReader r = new DevicePasswordReader();
            Optional<String> got = Optional.empty();
            byte[] later = new byte[0];
            for (byte[] p : cut) {
                if (got.isPresent()) {
                    later = Feed.concat(later, p);
                } else {
                    got = r.offer(p);
                }
            }
            assertEquals(Optional.of("testpass"), got);
            assertTrue(r.matches("testpass"));
            assertArrayEquals(ascii("1+1\r"), Feed.concat(r.leftover(), later));
        }
        DevicePasswordReader nl = new DevicePasswordReader();
        assertEquals(Optional.of("pw"), nl.offer(ascii("pw\nrest")));
        assertArrayEquals(ascii("rest"), nl.leftover());
        assertFalse(nl.toString().contains("pw"));
        // strcmp: a NUL ends the C string
        DevicePasswordReader nul = new DevicePasswordReader();
        nul.offer(new byte[] {'a', 'b', 0, 'z', '\r'});
        assertTrue(nul.matches("ab"));
        assertEquals("Password: ", DevicePasswordReader.PROMPT);
        assertEquals("\r\nWebREPL connected\r\n>>> ", DevicePasswordReader.CONNECTED);
        assertEquals("\r\nAccess denied\r\n", DevicePasswordReader.DENIED);
        assertArrayEquals(DevicePasswordReader.DENIED.getBytes(StandardCharsets.US_ASCII),
                deviceText(t).get(1));
        assertInstanceOf(LoginEvent.Simple.class, LoginEvent.DENIED);
    }
}
