package dev.upyd.daemon.mdns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdnsCodecTest {
    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 5353);

    @Test
    void queryIsTheMinimalMulticastQuestion() {
        // id 0, flags 0, 1 question, no records; 7"testdev" 5"local" 0; type A; class IN
        byte[] expected = HexFormat.of().parseHex("000000000001000000000000" + "0774657374646576056c6f63616c00" + "00010001");
        assertArrayEquals(expected, MdnsCodec.query("testdev.local"));
        assertArrayEquals(expected, MdnsCodec.query("testdev.local."));
    }

    @Test
    void readsACacheFlushAnswerLikeABoardSends() {
        // response, authoritative (0x8400), 1 answer: testdev.local A class 0x8001 (cache flush) ttl 120 -> 192.168.1.42
        byte[] packet = HexFormat.of().parseHex("000084000000000100000000" + "0774657374646576056c6f63616c00"
                + "0001" + "8001" + "00000078" + "0004" + "c0a8012a");
        List<MdnsCodec.Answer> a = MdnsCodec.answers(packet, SENDER);
        assertEquals(1, a.size());
        assertEquals("testdev.local", a.get(0).name());
        assertEquals("192.168.1.42", a.get(0).address().getHostAddress());
        assertEquals(120, a.get(0).ttlSeconds());
    }

    @Test
    void queriesAndGarbageYieldNothing() {
        assertTrue(MdnsCodec.answers(MdnsCodec.query("x.local"), SENDER).isEmpty(), "our own looped-back query");
        assertTrue(MdnsCodec.answers(new byte[] {1, 2, 3}, SENDER).isEmpty());
        byte[] truncated = HexFormat.of().parseHex("000084000000000100000000" + "0774657374");
        assertTrue(MdnsCodec.answers(truncated, SENDER).isEmpty());
        // an A record with a 5-byte address is not an address
        byte[] bad = HexFormat.of().parseHex("000084000000000100000000" + "0774657374646576056c6f63616c00"
                + "0001" + "0001" + "00000078" + "0005" + "c0a8012a00");
        assertTrue(MdnsCodec.answers(bad, SENDER).isEmpty());
    }
}
