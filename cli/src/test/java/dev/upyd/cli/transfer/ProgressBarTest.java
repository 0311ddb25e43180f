package dev.upyd.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void lineShowsPercentRateAndEta() {
        ProgressBar b = new ProgressBar(new PrintWriter(new StringWriter()), "put a.bin", true, 100);
        assertEquals("put a.bin [############            ]  50% 500.0kB/1.00MB 250.0kB/s ETA 2s",
                b.line(500_000, 1_000_000, 2.0));
    }

    @Test
    void nothingIsDrawnWhenNotOnATerminal() {
        StringWriter sw = new StringWriter();
        ProgressBar b = new ProgressBar(new PrintWriter(sw), "get x", false, 0);
        b.progress(1, 2);
        b.progress(2, 2);
        b.finish();
        assertEquals("", sw.toString());
    }
}
