package dev.upyd.protocol.pylit;

import dev.upyd.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonLiteralTest {
    private static Object p(String s) {
        return PythonLiteral.parse(s);
    }

    @Test
    void scalars() {
        assertEquals(42L, p("42"));
        assertEquals(-7L, p(" -7 "));
        assertEquals(Long.MAX_VALUE, p("9223372036854775807"));
        assertEquals(new BigInteger("9223372036854775808"), p("9223372036854775808"));
        assertEquals(new BigInteger("-123456789012345678901234567890"), p("-123456789012345678901234567890"));
        assertEquals(255L, p("0xff"));
        assertEquals(1.5, p("1.5"));
        assertEquals(1e-05, p("1e-05"));
        assertEquals(2.5e10, p("2.5e+10"));
        assertEquals(Double.POSITIVE_INFINITY, p("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, p("-inf"));
        assertTrue(Double.isNaN((Double) p("nan")));
        assertEquals(Boolean.TRUE, p("True"));
        assertEquals(Boolean.FALSE, p("False"));
        assertEquals(PyNone.NONE, p("None"));
        assertEquals("None", PyNone.NONE.toString());
    }

    @Test
    void strings() {
        assertEquals("linux", p("'linux'"));
        assertEquals("it's", p("\"it's\""));
        assertEquals("a\nb\r\t\\'\"", p("'a\\nb\\r\\t\\\\\\'\\\"'"));
        assertEquals("\u00e9\u20ac", p("'\\xe9\\u20ac'"));
        assertEquals("\u00e9", p("'\u00e9'")); // MicroPython prints non-ASCII as is
        assertEquals("\uD83D\uDE00", p("'\\U0001f600'"));
        assertEquals("", p("''"));
    }

    @Test
    void bytesAndBytearray() {
        // as upydev shows it: b'0\xae\xa4#5d' (a unique_id)
        assertArrayEquals(new byte[] {'0', (byte) 0xae, (byte) 0xa4, '#', '5', 'd'}, (byte[]) p("b'0\\xae\\xa4#5d'"));
        assertArrayEquals(new byte[] {'$', '\n', (byte) 0xc4, (byte) 0xe0, (byte) 0xc0, (byte) 0xde},
                (byte[]) p("b'$\\n\\xc4\\xe0\\xc0\\xde'"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) p("bytearray(b'\\x01\\x02')"));
        assertArrayEquals(new byte[0], (byte[]) p("bytearray()"));
        assertArrayEquals(new byte[] {'"'}, (byte[]) p("b\"\\\"\""));
        assertEquals(List.of(1L, 2L, 3L), p("array('i', [1, 2, 3])"));
    }

    @Test
    void containers() {
        assertEquals(new PyTuple(List.of(1L, "a")), p("(1, 'a')"));
        assertEquals(new PyTuple(List.of(1L)), p("(1,)"));
        assertEquals(new PyTuple(List.of()), p("()"));
        assertEquals(5L, p("(5)"));
        assertEquals(List.of(), p("[]"));
        assertEquals(List.of(1L, List.of(2L, 3L)), p("[1, [2, 3],]"));
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put(2L, List.of(PyNone.NONE));
        Object got = p("{'a': 1, 2: [None]}");
        assertEquals(m, got);
        assertInstanceOf(LinkedHashMap.class, got);
        assertEquals(List.of("a", 2L), List.copyOf(((Map<?, ?>) got).keySet())); // insertion order kept
        assertEquals(new LinkedHashMap<>(), p("{}"));
        assertEquals(new LinkedHashSet<>(List.of(1L, 2L)), p("{1, 2}"));
        Set<?> bs = (Set<?>) p("{b'a', b'a'}");
        assertEquals(Set.of(new PyBytesKey(new byte[] {'a'})), bs);
        // upydev's fast-get listing: list of (size, path)
        assertEquals(List.of(new PyTuple(List.of(643L, "/test_get.txt")), new PyTuple(List.of(0L, "/empty"))),
                p("[(643, '/test_get.txt'), (0, '/empty')]"));
        // os.statvfs-like tuple
        PyTuple t = (PyTuple) p("(4096, 4096, 32, 20, 20, 0, 0, 0, 0, 255)");
        assertEquals(10, t.size());
        assertEquals(255L, t.get(9));
    }

    @Test
    void errorsNamePositionAndFound() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> p("[1, 2"));
        assertTrue(e.getMessage().contains("position 5"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> p("<function f at 0x3ffe>"));
        assertTrue(e.getMessage().contains("position 0") && e.getMessage().contains("'<function"), e.getMessage());
        e = assertThrows(ProtocolException.class, () -> p("1 2"));
        assertTrue(e.getMessage().contains("end of input") && e.getMessage().contains("position 2"), e.getMessage());
        assertThrows(ProtocolException.class, () -> p("'abc"));
        assertThrows(ProtocolException.class, () -> p("'\\q'"));
        assertThrows(ProtocolException.class, () -> p("'\\x4'"));
        assertThrows(ProtocolException.class, () -> p("b'\u00e9'"));
        assertThrows(ProtocolException.class, () -> p("{[1]: 2}"));
        assertThrows(ProtocolException.class, () -> p("{1: 2, 3}"));
        assertThrows(ProtocolException.class, () -> p("Traceback"));
        assertThrows(ProtocolException.class, () -> p(""));
        assertThrows(ProtocolException.class, () -> p("-"));
        assertThrows(ProtocolException.class, () -> p("1e"));
        assertThrows(ProtocolException.class, () -> p("0x"));
        assertThrows(ProtocolException.class, () -> p("(1 2)"));
    }

    @Test
    void depthIsLimited() {
        assertEquals(1, ((List<?>) p("[".repeat(100) + "]".repeat(100))).size() == 1 ? 1 : 0);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> p("[".repeat(100_000) + "]".repeat(100_000)));
        assertTrue(e.getMessage().contains("deeper than 100"), e.getMessage());
        assertThrows(ProtocolException.class, () -> p("(".repeat(101) + ")".repeat(101)));
    }
}
