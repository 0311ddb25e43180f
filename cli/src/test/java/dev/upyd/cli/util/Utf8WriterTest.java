package dev.upyd.cli.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {
    @Test
    void multiByteCharactersSplitAtEveryByteDecodeOnce() throws Exception {
        byte[] text = "µPython ✔ 🐍 end".getBytes(StandardCharsets.UTF_8);
        StringWriter sw = new StringWriter();
        Utf8Writer w = new Utf8Writer(sw);
        for (byte b : text) {
            w.write(new byte[] {b}, 0, 1);
        }
        w.close();
        assertEquals("µPython ✔ 🐍 end", sw.toString());
    }

    @Test
    void truncatedTailBecomesReplacementCharacterAtClose() throws Exception {
        StringWriter sw = new StringWriter();
        Utf8Writer w = new Utf8Writer(sw);
        w.write(new byte[] {'a', (byte) 0xe2, (byte) 0x9c});
        assertEquals("a", sw.toString());
        w.close();
        assertEquals("a\ufffd", sw.toString());
    }
}
