package dev.upyd.cli.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAndPyStrTest {
    @Test
    void jsonEscapesAndKeepsOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "esp\"1\\");
        m.put("ok", false);
        m.put("stdout", "a\nb\u0001");
        m.put("duration", 0.25);
        m.put("x", null);
        m.put("l", List.of(1, "two"));
        assertEquals("{\"name\":\"esp\\\"1\\\\\",\"ok\":false,\"stdout\":\"a\\nb\\u0001\",\"duration\":0.25,"
                + "\"x\":null,\"l\":[1,\"two\"]}", Json.write(m));
    }

    @Test
    void pythonLiteralsCannotBeEscapedFrom() {
        assertEquals("'it\\'s'", PyStr.of("it's"));
        assertEquals("'a\\\\b'", PyStr.of("a\\b"));
        assertEquals("'x\\x0ay'", PyStr.of("x\ny"));
        assertEquals("'\\xb5\\u2713'", PyStr.of("µ✓"));
        assertEquals("['a','b\\'']", PyStr.list(List.of("a", "b'")));
    }
}
