package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.Transcript;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileProtocolTest {
    private static List<Transcript.Event> binary(Transcript t, String dir) {
        return t.select(e -> e.dir().equals(dir) && e.kind().equals("binary"));
    }

    @Test
    void requestRoundTripAndLayout() {
        FileRequest put = FileRequest.put("lib/main.py", 1500);
        byte[] b = put.encode();
        assertEquals(FileRequest.LENGTH, b.length);
        assertEquals(82, b.length);
        assertEquals('W', b[0]);
        assertEquals('A', b[1]);
        assertEquals(1, b[2]);
        assertEquals(0, b[3]);
        assertEquals((byte) 0xdc, b[12]); // 1500 = 0x05dc little-endian
        assertEquals(0x05, b[13]);
        assertEquals(11, b[16]);
        assertEquals(put, FileRequest.decode(b, 0));
        FileRequest max = new FileRequest(FileOp.GET, 0, 0xFFFF_FFFFL, "x".repeat(63));
        assertEquals(max, FileRequest.decode(max.encode(), 0));
        FileRequest utf8 = FileRequest.get("dätä/ü.txt");
        assertEquals(utf8, FileRequest.decode(utf8.encode(), 0));
        // decode at an offset
        assertEquals(put, FileRequest.decode(Feed.concat(new byte[7], b), 7));
    }

    @Test
    void requestLimits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileRequest.put("d".repeat(30) + "/" + "é".repeat(20), 1));
        assertTrue(e.getMessage().contains("71 UTF-8 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("d".repeat(30)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileRequest.put("x", 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> FileRequest.put("x", -1));
        assertThrows(IllegalArgumentException.class, () -> FileRequest.put("a\0b", 1));
    }

    @Test
    void malformedRequests() {
        byte[] ok = FileRequest.get("a.txt").encode();
        assertThrows(ProtocolException.class, () -> FileRequest.decode(java.util.Arrays.copyOf(ok, 81), 0));
        assertThrows(ProtocolException.class, () -> FileRequest.decode(ok, 1));
        byte[] sig = ok.clone();
        sig[1] = 'B';
        ProtocolException e = assertThrows(ProtocolException.class, () -> FileRequest.decode(sig, 0));
        assertTrue(e.getMessage().contains("WA"), e.getMessage());
        byte[] type = ok.clone();
        type[2] = 9;
        e = assertThrows(ProtocolException.class, () -> FileRequest.decode(type, 0));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
        byte[] utf8 = ok.clone();
        utf8[18] = (byte) 0xc3; // truncated 2-byte sequence
        utf8[19] = '.';
        assertThrows(ProtocolException.class, () -> FileRequest.decode(utf8, 0));
        byte[] noNul = ok.clone();
        java.util.Arrays.fill(noNul, 18, 82, (byte) 'x');
        noNul[16] = 64;
        assertThrows(ProtocolException.class, () -> FileRequest.decode(noNul, 0));
        // like the device, the name length field is ignored: the name ends at the first NUL
        byte[] lenMismatch = ok.clone();
        lenMismatch[16] = 9;
        assertEquals("a.txt", FileRequest.decode(lenMismatch, 0).path());
        assertThrows(ProtocolException.class, () -> FileOp.of(0));
        assertEquals(FileOp.GET_VER, FileOp.of(3));
    }

    @Test
    void responseRecord() {
        assertArrayEquals(new byte[] {'W', 'B', 0, 0}, FileResponse.encode(0));
        assertArrayEquals(new byte[] {'W', 'B', 1, 2}, FileResponse.encode(0x0201));
        assertEquals(0x0201, FileResponse.decode(FileResponse.encode(0x0201), 0));
        assertThrows(ProtocolException.class, () -> FileResponse.decode(ascii("WA\0\0"), 0));
        assertThrows(ProtocolException.class, () -> FileResponse.decode(ascii("WB\0"), 0));
        assertThrows(IllegalArgumentException.class, () -> FileResponse.encode(70000));
    }

    /** Scenario 06: the PUT header went as 10 + 72 byte frames; data 1024 + 476; device sha256 printed. */
    @Test
    void capturedPut() throws Exception {
        Transcript t = Transcript.load("06_wss_file_put.jsonl");
        List<Transcript.Event> c2s = binary(t, "c2s");
        assertEquals(10, c2s.get(0).bytes().length);
        assertEquals(72, c2s.get(1).bytes().length);
        FileRequest req = FileRequest.decode(Feed.concat(c2s.get(0).bytes(), c2s.get(1).bytes()), 0);
        assertEquals(new FileRequest(FileOp.PUT, 0, 1500, "test_put.bin"), req);
        assertArrayEquals(Feed.concat(c2s.get(0).bytes(), c2s.get(1).bytes()), req.encode());
        byte[] data = Feed.concat(c2s.get(2).bytes(), c2s.get(3).bytes());
        assertEquals(req.size(), data.length);
        assertEquals("3b34240629311f96144fbd49d885f4576c7b6acbe7538025a737439faa429a5d",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        for (Transcript.Event wb : binary(t, "s2c")) {
            assertEquals(0, FileResponse.decode(wb.bytes(), 0));
        }
        assertEquals(2, binary(t, "s2c").size());
    }

    private static byte[] reassemble(List<byte[]> deviceReads, GetChunkDecoder d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : deviceReads) {
            d.offer(r, 0, r.length, out::writeBytes);
        }
        return out.toByteArray();
    }

    /** Scenario 07: 643 bytes written by the REPL command, fetched in chunks 256 + 256 + 131. */
    @Test
    void capturedGetAtEveryBoundary() {
        Transcript t = Transcript.load("07_wss_file_get.jsonl");
        List<Transcript.Event> c2s = binary(t, "c2s");
        assertEquals(FileRequest.get("test_get.txt"), FileRequest.decode(c2s.get(0).bytes(), 0));
        List<Transcript.Event> s2c = binary(t, "s2c");
        assertEquals(0, FileResponse.decode(s2c.get(0).bytes(), 0));
        byte[] stream = Feed.concat(s2c.subList(1, s2c.size()).stream().map(Transcript.Event::bytes).toList());
        byte[] expected = ascii("0123456789abcdef".repeat(40) + "END");
        assertEquals(643, expected.length);
        for (List<byte[]> cut : Feed.allCuts(stream)) {
            GetChunkDecoder d = new GetChunkDecoder();
            assertArrayEquals(expected, reassemble(cut, d));
            assertTrue(d.finished());
            assertEquals(java.util.Optional.of(0), d.finalStatus());
            assertEquals(3, d.chunks());
            assertEquals(643, d.bytesReceived());
            assertEquals(0, d.leftover().length);
        }
        assertEquals(4, GetChunkDecoder.pullsFor(643)); // 3 chunks + the empty one, as the capture shows
        assertEquals(4, c2s.size() - 1);
    }

    /** Scenarios 22 and 23: GET content equals the PUT content of the same capture. */
    @Test
    void capturedPutThenGetRoundTrip() {
        for (String name : List.of("22_ws_login_repl_put_get.jsonl", "23_ws_official_webrepl_cli.jsonl")) {
            Transcript t = Transcript.load(name);
            List<Transcript.Event> c2s = binary(t, "c2s");
            List<Transcript.Event> s2c = binary(t, "s2c");
            // collect the c2s WA records (header may be split 10 + 72) and the data that follows a PUT
            List<FileRequest> reqs = new ArrayList<>();
            ByteArrayOutputStream put = new ByteArrayOutputStream();
            long putSize = -1;
            byte[] pending = new byte[0];
            for (Transcript.Event e : c2s) {
                byte[] b = e.bytes();
                if (putSize > 0) {
                    put.writeBytes(b);
                    putSize -= b.length;
                    continue;
                }
                if (b.length == 1 && b[0] == 0) {
                    continue; // GET pull
                }
                if (pending.length == 0 && !(b.length >= 2 && b[0] == 'W' && b[1] == 'A')) {
                    continue; // e.g. the password sent as binary by webrepl_cli
                }
                pending = Feed.concat(pending, b);
                if (pending.length == FileRequest.LENGTH) {
                    FileRequest r = FileRequest.decode(pending, 0);
                    reqs.add(r);
                    pending = new byte[0];
                    if (r.op() == FileOp.PUT) {
                        putSize = r.size();
                    }
                }
            }
            assertTrue(reqs.stream().anyMatch(r -> r.op() == FileOp.PUT), name);
            FileRequest get = reqs.stream().filter(r -> r.op() == FileOp.GET).findFirst().orElseThrow();
            FileRequest putReq = reqs.stream().filter(r -> r.op() == FileOp.PUT).findFirst().orElseThrow();
            assertEquals(putReq.path(), get.path());
            assertEquals(putReq.size(), put.size());
            // device side: after the GET's first WB, chunks until 00 00, then WB
            int i = 0;
            int wbSeen = 0;
            while (wbSeen < 3) { // WB after PUT open, WB after PUT data, WB after GET open
                byte[] b = s2c.get(i++).bytes();
                if (b.length == 4 && b[0] == 'W') {
                    wbSeen++;
                }
            }
            List<byte[]> getStream = s2c.subList(i, s2c.size()).stream().map(Transcript.Event::bytes)
                    .filter(b -> b.length != 3) // GET_VER reply of scenario 22 comes later
                    .toList();
            byte[] all = Feed.concat(getStream);
            GetChunkDecoder d = new GetChunkDecoder();
            byte[] got = reassemble(Feed.bytewise(all), d);
            assertArrayEquals(put.toByteArray(), got, name);
            assertEquals(java.util.Optional.of(0), d.finalStatus());
        }
    }

    /** Pipelined pulls: all chunks arrive merged in one read, then the next REPL data would follow. */
    @Test
    void mergedChunksAndLeftover() {
        ByteArrayOutputStream dev = new ByteArrayOutputStream();
        byte[] content = new byte[1000];
        new java.util.Random(1).nextBytes(content);
        for (int off = 0; off < content.length; off += 256) {
            int n = Math.min(256, content.length - off);
            dev.write(n & 0xff);
            dev.write(n >> 8);
            dev.write(content, off, n);
        }
        dev.writeBytes(new byte[] {0, 0, 'W', 'B', 0, 0, 'x', 'y'});
        byte[] stream = dev.toByteArray();
        for (List<byte[]> cut : List.of(List.of(stream), Feed.bytewise(stream), Feed.splitAt(stream, 1001))) {
            GetChunkDecoder d = new GetChunkDecoder();
            assertArrayEquals(content, reassemble(cut, d));
            assertArrayEquals(ascii("xy"), d.leftover());
        }
    }

    @Test
    void malformedGetStreams() {
        GetChunkDecoder d = new GetChunkDecoder();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> d.offer(new byte[] {1, 1}, 0, 2, b -> { }));
        assertTrue(e.getMessage().contains("257"), e.getMessage());
        GetChunkDecoder wrongFinal = new GetChunkDecoder();
        wrongFinal.offer(new byte[] {0, 0}, 0, 2, b -> { });
        assertTrue(wrongFinal.finished());
        assertFalse(wrongFinal.finalStatus().isPresent());
        assertThrows(ProtocolException.class, () -> wrongFinal.offer(ascii("WX\0\0"), 0, 4, b -> { }));
        GetChunkDecoder junk = new GetChunkDecoder();
        junk.offer(ascii("\0\0WB\0\0"), 0, 6, b -> { });
        assertThrows(ProtocolException.class, () -> junk.offer(new byte[8192], 0, 8192, b -> { }));
    }

    /** Scenario 08 (and 22/23): GET_VER answers 3 bytes 01 1c 00, no WB. */
    @Test
    void capturedGetVersion() {
        for (String name : List.of("08_wss_get_ver.jsonl", "22_ws_login_repl_put_get.jsonl",
                "23_ws_official_webrepl_cli.jsonl")) {
            Transcript t = Transcript.load(name);
            byte[] reply = binary(t, "s2c").stream().map(Transcript.Event::bytes).filter(b -> b.length == 3)
                    .findFirst().orElseThrow();
            DeviceVersion v = DeviceVersion.decode(reply);
            assertEquals(new DeviceVersion(1, 28, 0), v);
            assertEquals("1.28.0", v.toString());
            assertArrayEquals(reply, v.encode());
            byte[] req = binary(t, "c2s").stream().map(Transcript.Event::bytes)
                    .filter(b -> b.length == 82 && b[2] == 3).findFirst().orElseThrow();
            assertArrayEquals(FileRequest.getVersion().encode(), req, name);
        }
        assertThrows(ProtocolException.class, () -> DeviceVersion.decode(new byte[] {1, 28}));
        assertThrows(ProtocolException.class, () -> DeviceVersion.decode(ascii("WB\0\0")));
    }

    /** Scenario 09: requests that made the device drop the session are still well-formed records. */
    @Test
    void capturedErrorRequests() {
        Transcript t = Transcript.load("09_wss_file_errors.jsonl");
        List<FileRequest> reqs = binary(t, "c2s").stream().map(e -> FileRequest.decode(e.bytes(), 0)).toList();
        assertEquals(List.of(new FileRequest(FileOp.PUT, 0, 10, "/nodir/x.txt"), FileRequest.get("missing.txt")), reqs);
        assertTrue(binary(t, "s2c").isEmpty()); // no WB error code: the connection just closed
    }
}
