package dev.upyd.cli.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CrlfToLfTest {
    @Test
    void crlfBecomesLfAcrossChunksAndLoneCrStays() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        CrlfToLf f = new CrlfToLf(sink);
        for (String chunk : new String[] {"a\r", "\nb\r\n", "50%\r60%\r", "\n", "end\r"}) {
            f.write(chunk.getBytes(StandardCharsets.US_ASCII));
        }
        f.close();
        assertEquals("a\nb\n50%\r60%\nend\r", sink.toString(StandardCharsets.US_ASCII));
    }
}
