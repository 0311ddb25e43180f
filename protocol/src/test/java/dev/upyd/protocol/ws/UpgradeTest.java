package dev.upyd.protocol.ws;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.Transcript;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpgradeTest {
    private static final String CAPTURED_KEY = "xRk3cjQPhyVgbQrgTTgo+w==";

    @Test
    void acceptMatchesRfc6455Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void requestBytesAreExactlyWhatTheDeviceExpects() {
        UpgradeRequest r = UpgradeRequest.create("esp_room1.local", 8833, new Random(42));
        byte[] nonce = Base64.getDecoder().decode(r.key());
        assertEquals(16, nonce.length);
        assertEquals("GET / HTTP/1.1\r\nHost: esp_room1.local:8833\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: " + r.key() + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                new String(r.bytes(), StandardCharsets.US_ASCII));
        assertEquals(WebSocketAccept.of(r.key()), r.expectedAccept());
        assertTrue(new String(UpgradeRequest.create("::1", 8266, new Random(1)).bytes(), StandardCharsets.US_ASCII)
                .contains("\r\nHost: [::1]:8266\r\n"));
        // different randomness, different key
        assertTrue(!r.key().equals(UpgradeRequest.create("h", 1, new Random(43)).key()));
    }

    @Test
    void requestRejectsBadHostAndPort() {
        assertThrows(IllegalArgumentException.class, () -> UpgradeRequest.create("a b", 80, new Random()));
        assertThrows(IllegalArgumentException.class, () -> UpgradeRequest.create("h\r\nX: y", 80, new Random()));
        assertThrows(IllegalArgumentException.class, () -> UpgradeRequest.create("h", 0, new Random()));
        assertThrows(IllegalArgumentException.class, () -> UpgradeRequest.create("h", 65536, new Random()));
    }

    /** The request our client writes is accepted by the device-side parser (and round-trips the key). */
    @Test
    void ourRequestPassesTheDeviceParserInBothFlavours() {
        UpgradeRequest r = UpgradeRequest.create("127.0.0.1", 8833, new Random(7));
        for (boolean strict : new boolean[] {false, true}) {
            DeviceUpgradeParser.DeviceUpgrade up = new DeviceUpgradeParser(strict).offer(r.bytes(), 0, r.bytes().length)
                    .orElseThrow();
            assertEquals(r.key(), up.key());
            assertEquals(0, up.leftover().length);
        }
    }

    @Test
    void capturedResponseDecodesAtEveryBoundaryWithLeftover() {
        Transcript t = Transcript.load("01_wss_login_friendly_repl.jsonl");
        byte[] request = t.httpNotes("c2s").get(0);
        assertTrue(new String(request, StandardCharsets.US_ASCII).contains("Sec-WebSocket-Key: " + CAPTURED_KEY + "\r\n"));
        byte[] response = t.httpNotes("s2c").get(0);
        // the device's first frame often shares the read: TEXT "Password: "
        byte[] firstFrame = Feed.concat(new byte[] {(byte) 0x81, 10}, ascii("Password: "));
        byte[] stream = Feed.concat(response, firstFrame);
        for (List<byte[]> cut : Feed.allCuts(stream)) {
            UpgradeResponseDecoder d = new UpgradeResponseDecoder(WebSocketAccept.of(CAPTURED_KEY));
            Optional<UpgradeResponseDecoder.UpgradeResponse> got = Optional.empty();
            byte[] later = new byte[0];
            for (byte[] piece : cut) {
                if (got.isPresent()) {
                    later = Feed.concat(later, piece);
                } else {
                    got = d.offer(piece, 0, piece.length);
                }
            }
            UpgradeResponseDecoder.UpgradeResponse r = got.orElseThrow();
            assertEquals(101, r.status());
            assertEquals("1c/TLkb34elYJay7huMI8mGMRiI=", r.headers().get("sec-websocket-accept"));
            assertEquals("websocket", r.headers().get("upgrade"));
            assertArrayEquals(firstFrame, Feed.concat(r.leftover(), later));
        }
    }

    @Test
    void deviceResponseBytesEqualTheCapture() {
        for (String name : List.of("01_wss_login_friendly_repl.jsonl", "22_ws_login_repl_put_get.jsonl",
                "23_ws_official_webrepl_cli.jsonl")) {
            Transcript t = Transcript.load(name);
            List<byte[]> reqs = t.httpNotes("c2s");
            List<byte[]> resps = t.httpNotes("s2c");
            assertEquals(reqs.size(), resps.size(), name);
            for (int i = 0; i < reqs.size(); i++) {
                byte[] req = reqs.get(i);
                DeviceUpgradeParser.DeviceUpgrade up = new DeviceUpgradeParser().offer(req, 0, req.length).orElseThrow();
                assertArrayEquals(resps.get(i), DeviceUpgradeParser.responseBytes(up.key()), name);
                // and the client decoder accepts the device's answer for that key
                assertEquals(101, new UpgradeResponseDecoder(WebSocketAccept.of(up.key()))
                        .offer(resps.get(i), 0, resps.get(i).length).orElseThrow().status());
            }
        }
    }

    /** Scenario 23: the official webrepl_cli uses the fixed key "foo" and Host echo.websocket.org. */
    @Test
    void officialClientFixedKey() {
        Transcript t = Transcript.load("23_ws_official_webrepl_cli.jsonl");
        byte[] req = t.httpNotes("c2s").get(0);
        assertEquals("foo", new DeviceUpgradeParser(true).offer(req, 0, req.length).orElseThrow().key());
        byte[] resp = t.httpNotes("s2c").get(0);
        UpgradeRequest ours = UpgradeRequest.withKey("echo.websocket.org", 80, "foo");
        assertEquals("BM0S0+ghftShuFVHQATK/DBiJq8=", ours.expectedAccept());
        assertEquals(101, new UpgradeResponseDecoder(ours.expectedAccept()).offer(resp, 0, resp.length)
                .orElseThrow().status());
    }

    @Test
    void wrongOrMissingAcceptIsRejected() {
        byte[] ok = DeviceUpgradeParser.responseBytes("abc");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new UpgradeResponseDecoder(WebSocketAccept.of("other")).offer(ok, 0, ok.length));
        assertTrue(e.getMessage().contains("wrong Sec-WebSocket-Accept"), e.getMessage());
        byte[] none = ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        e = assertThrows(ProtocolException.class,
                () -> new UpgradeResponseDecoder("x").offer(none, 0, none.length));
        assertTrue(e.getMessage().contains("no Sec-WebSocket-Accept"), e.getMessage());
    }

    @Test
    void headerNamesAreCaseInsensitiveOnTheClientSide() {
        String acc = WebSocketAccept.of("k");
        byte[] b = ascii("HTTP/1.1 101 OK\r\nsec-websocket-ACCEPT:   " + acc + "  \r\n\r\n");
        assertEquals(acc, new UpgradeResponseDecoder(acc).offer(b, 0, b.length).orElseThrow().headers()
                .get("sec-websocket-accept"));
    }

    @Test
    void htmlPageIsReportedAsNotAWebSocketEndpoint() {
        // what a stock webrepl.py sends to a request it does not accept as a WebSocket upgrade
        byte[] html = ascii("HTTP/1.0 200 OK\r\n\r\n<base href=\"https://micropython.org/webrepl/\"></base>"
                + "<script src=\"webrepl_content.js\"></script>\r\n");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new UpgradeResponseDecoder("x").offer(html, 0, html.length));
        assertTrue(e.getMessage().contains("HTTP/1.0 200 OK"), e.getMessage());
        assertTrue(e.getMessage().contains("not a WebSocket endpoint"), e.getMessage());
        byte[] notFound = ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        e = assertThrows(ProtocolException.class, () -> new UpgradeResponseDecoder("x").offer(notFound, 0, notFound.length));
        assertTrue(e.getMessage().contains("404 Not Found"), e.getMessage());
        assertTrue(!e.getMessage().contains("HTML"), e.getMessage());
    }

    @Test
    void garbageAndOversizeHeadersAreRejectedWithoutHanging() {
        byte[] garbage = ascii("\u0016\u0003\u0001 TLS alert?\r\n\r\n");
        assertThrows(ProtocolException.class, () -> new UpgradeResponseDecoder("x").offer(garbage, 0, garbage.length));
        byte[] noColon = ascii("HTTP/1.1 101 Switching\r\nthis is not a header\r\n\r\n");
        assertThrows(ProtocolException.class, () -> new UpgradeResponseDecoder("x").offer(noColon, 0, noColon.length));
        byte[] badStatus = ascii("HTTP/1.1 abc\r\n\r\n");
        assertThrows(ProtocolException.class, () -> new UpgradeResponseDecoder("x").offer(badStatus, 0, badStatus.length));

        // endless headers: rejected once the 8 KiB cap is crossed, whether in one read or many
        byte[] line = ascii("X-Filler: 0123456789012345678901234567890123456789\r\n");
        UpgradeResponseDecoder d = new UpgradeResponseDecoder("x");
        d.offer(ascii("HTTP/1.1 101 OK\r\n"), 0, 17);
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                d.offer(line, 0, line.length);
            }
        });
        assertTrue(e.getMessage().contains("8192"), e.getMessage());
        byte[] huge = new byte[1 << 20];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThrows(ProtocolException.class, () -> new UpgradeResponseDecoder("x").offer(huge, 0, huge.length));
        assertThrows(ProtocolException.class, () -> new DeviceUpgradeParser().offer(huge, 0, huge.length));
    }

    @Test
    void endOfStreamNamesWhatArrived() {
        UpgradeResponseDecoder d = new UpgradeResponseDecoder("x");
        assertTrue(d.endOfStream().getMessage().contains("before any"));
        d.offer(ascii("HTTP/1.1 101 Swi"), 0, 16);
        assertTrue(d.endOfStream().getMessage().contains("HTTP/1.1 101 Swi"), d.endOfStream().getMessage());
    }

    @Test
    void deviceParserIsCaseSensitiveLikeTheBoard() {
        // Netty's lower-case handshake, as Vert.x would send it
        byte[] netty = ascii("GET / HTTP/1.1\r\nhost: h:8833\r\nupgrade: websocket\r\nconnection: upgrade\r\n"
                + "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new DeviceUpgradeParser().offer(netty, 0, netty.length));
        assertEquals("Not a websocket request", e.getMessage());
        // wss_helper flavour only needs the key; stock webrepl flavour also wants Connection/Upgrade
        byte[] keyOnly = ascii("GET / HTTP/1.1\r\nSec-WebSocket-Key: abc\r\n\r\nXY");
        DeviceUpgradeParser.DeviceUpgrade up = new DeviceUpgradeParser().offer(keyOnly, 0, keyOnly.length).orElseThrow();
        assertEquals("abc", up.key());
        assertArrayEquals(ascii("XY"), up.leftover());
        assertThrows(ProtocolException.class, () -> new DeviceUpgradeParser(true).offer(keyOnly, 0, keyOnly.length));
        byte[] noColon = ascii("GET / HTTP/1.1\r\nSec-WebSocket-Key abc\r\n\r\n");
        assertThrows(ProtocolException.class, () -> new DeviceUpgradeParser().offer(noColon, 0, noColon.length));
    }

    @Test
    void deviceParserAtEveryBoundary() {
        byte[] req = UpgradeRequest.withKey("h", 1, "KEY==").bytes();
        byte[] stream = Feed.concat(req, new byte[] {(byte) 0x81, 0x01, 'x'});
        for (List<byte[]> cut : Feed.allCuts(stream)) {
            DeviceUpgradeParser p = new DeviceUpgradeParser(true);
            Optional<DeviceUpgradeParser.DeviceUpgrade> got = Optional.empty();
            byte[] later = new byte[0];
            for (byte[] piece : cut) {
                if (got.isPresent()) {
                    later = Feed.concat(later, piece);
                } else {
                    got = p.offer(piece, 0, piece.length);
                }
            }
            assertEquals("KEY==", got.orElseThrow().key());
            assertArrayEquals(new byte[] {(byte) 0x81, 0x01, 'x'}, Feed.concat(got.get().leftover(), later));
        }
    }
}
