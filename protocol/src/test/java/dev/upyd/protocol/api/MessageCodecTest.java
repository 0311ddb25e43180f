package dev.upyd.protocol.api;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {
    static final byte[] SHA = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            SHA[i] = (byte) (i * 7);
        }
    }

    /** One instance of every message type, with non-default values in every field. */
    static List<Message> samples() {
        return List.of(
                new Hello(1, Message.PROTOCOL_VERSION, "upyd-cli 0.1.0 ü"),
                new HelloOk(1, 1, "0.1.0-SNAPSHOT"),
                new ListDevices(2),
                new DeviceList(2, List.of(
                        new DeviceInfo("esp_room1", "wss://esp_room1.local:8833", "online", "TLSv1.2",
                                "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", 1_764_000_000_000L, "", 0, "1.28.0"),
                        new DeviceInfo("esp_room2", "ws://10.0.0.2:8266", "backoff", "", "", 0,
                                "connection refused", 1_764_000_005_000L, ""))),
                new DeviceList(3, List.of()),
                new Exec(4, "esp_room1", "print('é')\n".getBytes(StandardCharsets.UTF_8), Exec.FLAG_FRIENDLY),
                new Output(4, Output.STDOUT, new byte[] {(byte) 0xc3, '\r', '\n'}),
                new Output(4, Output.STDERR, "Traceback".getBytes(StandardCharsets.US_ASCII)),
                new Progress(5, 512, 1500),
                new Result(4, 0, ""),
                new Result(5, 2, "3b34240629311f96144fbd49d885f4576c7b6acbe7538025a737439faa429a5d"),
                new PutFile(6, "esp_room1", "/lib/main.py", 1500, SHA),
                new Data(6, new byte[] {0, 1, 2, (byte) 255}),
                new Data(6, new byte[0]),
                new GetFile(7, "esp_room1", "test_get.txt"),
                new FileHeader(7, 643),
                new Attach(8, "esp_room1"),
                new Input(8, new byte[] {3}),
                new Detach(8),
                new Cancel(9, 7),
                new Unlock(10, "pass:phrase ü".toCharArray()),
                new Lock(11),
                new ReloadConfig(12),
                new Shutdown(13),
                new ErrorReply(14, ErrorReply.UNKNOWN_DEVICE, "no device 'esp_x' in group UPY_G"),
                new Resolve(15, "esp_room1.local"), new Ping(16, "esp_room1"),
                new Hello(-1, 0, ""),
                new Progress(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void everyMessageTypeRoundTrips() {
        Set<Class<?>> covered = new HashSet<>();
        for (Message m : samples()) {
            byte[] frame = MessageCodec.encode(m);
            Message back = MessageCodec.decode(frame);
            assertEquals(m, back, m.toString());
            assertEquals(m.getClass(), back.getClass());
            assertEquals(frame.length - 4, ((frame[0] & 0xff) << 24 | (frame[1] & 0xff) << 16
                    | (frame[2] & 0xff) << 8 | (frame[3] & 0xff)));
            assertEquals(MessageCodec.typeOf(m), frame[4] & 0xff);
            covered.add(m.getClass());
        }
        // every permitted subtype of the sealed interface is exercised
        Set<Class<?>> all = new HashSet<>(List.of(Message.class.getPermittedSubclasses()));
        assertEquals(all, covered);
    }

    @Test
    void wireLayoutIsBigEndianWithLengthPrefixedStrings() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        byte[] client = "cli".getBytes(StandardCharsets.UTF_8);
        out.writeInt(1 + 4 + 4 + 4 + client.length);
        out.writeByte(1);
        out.writeInt(77);
        out.writeInt(1);
        out.writeInt(client.length);
        out.write(client);
        assertArrayEquals(bos.toByteArray(), MessageCodec.encode(new Hello(77, 1, "cli")));
    }

    @Test
    void streamDecodesAtEveryBoundary() {
        List<byte[]> frames = samples().stream().map(MessageCodec::encode).toList();
        byte[] stream = Feed.concat(frames);
        List<List<byte[]>> cuts = new ArrayList<>();
        cuts.add(List.of(stream));
        cuts.add(Feed.bytewise(stream));
        for (int at = 1; at < stream.length; at++) {
            cuts.add(Feed.splitAt(stream, at));
        }
        for (List<byte[]> cut : cuts) {
            MessageDecoder d = new MessageDecoder();
            List<Message> got = new ArrayList<>();
            for (byte[] p : cut) {
                d.offer(p, 0, p.length, got::add);
            }
            assertEquals(samples(), got);
            assertEquals(0, d.buffered());
        }
    }

    @Test
    void unlockNeverShowsThePassphrase() {
        Unlock u = new Unlock(1, "hunter2".toCharArray());
        assertFalse(u.toString().contains("hunter2"));
        assertEquals(new Unlock(1, "hunter2".toCharArray()).hashCode(), u.hashCode());
        byte[] frame = MessageCodec.encode(u);
        Unlock back = (Unlock) MessageCodec.decode(frame);
        assertArrayEquals("hunter2".toCharArray(), back.passphrase());
        back.wipe();
        assertArrayEquals(new char[7], back.passphrase());
        // the decoder wiped the secret in its frame buffer; the caller's frame is a copy it does not own
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.decode(corruptUtf8(MessageCodec.encode(new Unlock(2, "pw".toCharArray())))));
        assertFalse(e.getMessage().contains("pw"));
    }

    private static byte[] corruptUtf8(byte[] frame) {
        byte[] f = frame.clone();
        f[f.length - 1] = (byte) 0xff;
        return f;
    }

    @Test
    void maxFrame() {
        // the largest Data that fits: frame = 4 + 1 + 4 + 4 + n
        int max = MessageCodec.MAX_FRAME - 13;
        Data big = new Data(1, new byte[max]);
        byte[] frame = MessageCodec.encode(big);
        assertEquals(MessageCodec.MAX_FRAME, frame.length);
        assertEquals(big, MessageCodec.decode(frame));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> MessageCodec.encode(new Data(1, new byte[max + 1])));
        assertEquals("frame of 1048577 bytes exceeds the 1048576-byte limit", e.getMessage());
        assertTrue(MessageCodec.MAX_CHUNK + 64 < MessageCodec.MAX_FRAME);
    }

    @Test
    void oversizeLengthPrefixIsRejectedBeforeAllocating() {
        MessageDecoder d = new MessageDecoder();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> d.offer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 4, m -> { }));
        assertEquals("frame of 4294967299 bytes exceeds the 1048576-byte limit", e.getMessage());
        assertEquals(0, d.buffered());
        // the decoder stays failed: the stream is out of sync
        byte[] lock = MessageCodec.encode(new Lock(1));
        assertEquals(9, lock.length);
        assertThrows(ProtocolException.class, () -> d.offer(lock, 0, lock.length, m -> { }));
        MessageDecoder d2 = new MessageDecoder();
        e = assertThrows(ProtocolException.class, () -> d2.offer(new byte[] {0, 0x10, 0, 0}, 0, 4, m -> { }));
        assertTrue(e.getMessage().contains("1048580"), e.getMessage());
    }

    private static Message decode(byte[] frame) {
        return MessageCodec.decode(frame);
    }

    private static byte[] frame(int type, int id, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        int len = 5 + payload.length;
        f[0] = (byte) (len >>> 24);
        f[1] = (byte) (len >>> 16);
        f[2] = (byte) (len >>> 8);
        f[3] = (byte) len;
        f[4] = (byte) type;
        f[8] = (byte) id;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    @Test
    void malformedFrames() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decode(frame(99, 1, new byte[0])));
        assertEquals("unknown message type 99", e.getMessage());
        e = assertThrows(ProtocolException.class, () -> decode(frame(0, 1, new byte[0])));
        assertTrue(e.getMessage().contains("unknown message type 0"));
        // truncated payload: Hello needs protocolVersion + client
        e = assertThrows(ProtocolException.class, () -> decode(frame(1, 1, new byte[] {0, 0, 0, 1})));
        assertTrue(e.getMessage().contains("Hello") && e.getMessage().contains("truncated"), e.getMessage());
        // overlong payload: Lock has none
        e = assertThrows(ProtocolException.class, () -> decode(frame(18, 1, new byte[] {1})));
        assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
        // string length larger than the payload / negative
        e = assertThrows(ProtocolException.class, () -> decode(frame(13, 1, new byte[] {0, 0, 0, 9, 'a'})));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(ProtocolException.class,
                () -> decode(frame(13, 1, new byte[] {(byte) 0x80, 0, 0, 0, 'a'})));
        assertTrue(e.getMessage().contains("negative length"), e.getMessage());
        // invalid UTF-8 in a string
        e = assertThrows(ProtocolException.class,
                () -> decode(frame(13, 1, new byte[] {0, 0, 0, 2, (byte) 0xc3, '('})));
        assertTrue(e.getMessage().contains("device is not valid UTF-8"), e.getMessage());
        // impossible list count
        e = assertThrows(ProtocolException.class,
                () -> decode(frame(4, 1, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})));
        assertTrue(e.getMessage().contains("devices count"), e.getMessage());
        // record invariants become protocol errors: unknown output stream, short sha256
        e = assertThrows(ProtocolException.class, () -> decode(frame(6, 1, new byte[] {9, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("stream 9"), e.getMessage());
        byte[] shortSha = MessageCodec.encode(new PutFile(1, "d", "p", 1, SHA));
        byte[] mangled = java.util.Arrays.copyOf(shortSha, shortSha.length - 1);
        mangled[3]--; // length - 1
        mangled[mangled.length - 32] = 31; // sha256 length field low byte
        assertThrows(ProtocolException.class, () -> decode(mangled));
        // frame shorter than type + id
        MessageDecoder d = new MessageDecoder();
        assertThrows(ProtocolException.class, () -> d.offer(new byte[] {0, 0, 0, 3, 1, 0, 0}, 0, 7, m -> { }));
        // garbage between frames: a valid frame, then text
        byte[] good = MessageCodec.encode(new Lock(1));
        byte[] stream = Feed.concat(good, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        List<Message> got = new ArrayList<>();
        MessageDecoder d3 = new MessageDecoder();
        assertThrows(ProtocolException.class, () -> d3.offer(stream, 0, stream.length, got::add));
        assertEquals(List.of(new Lock(1)), got);
    }

    @Test
    void arraysCompareByContentAndToStringStaysShort() {
        assertEquals(new Data(1, new byte[] {1}), new Data(1, new byte[] {1}));
        assertNotEquals(new Data(1, new byte[] {1}), new Data(1, new byte[] {2}));
        assertEquals(new Data(1, new byte[] {1}).hashCode(), new Data(1, new byte[] {1}).hashCode());
        assertTrue(new Data(1, new byte[100_000]).toString().length() < 80);
        assertTrue(new Exec(1, "d", new byte[100_000], 0).toString().length() < 80);
        assertEquals("UNKNOWN_DEVICE", ErrorReply.codeName(ErrorReply.UNKNOWN_DEVICE));
        assertEquals("CODE_99", ErrorReply.codeName(99));
        assertThrows(IllegalArgumentException.class, () -> new PutFile(1, "d", "p", 1, new byte[31]));
        assertThrows(NullPointerException.class, () -> MessageCodec.encode(new Hello(1, 1, null)));
    }
}
