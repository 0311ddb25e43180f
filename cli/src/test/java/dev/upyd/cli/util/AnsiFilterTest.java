package dev.upyd.cli.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnsiFilterTest {
    @Test
    void keepsTextAndColours() {
        assertEquals("a \u001b[1;34mlib/\u001b[0m b\r\n\tc", new AnsiFilter().filter("a \u001b[1;34mlib/\u001b[0m b\r\n\tc"));
    }

    @Test
    void dropsTitleClipboardCursorAndOtherControls() {
        AnsiFilter f = new AnsiFilter();
        assertEquals("xy", f.filter("x\u001b]0;pwned\u0007y"));                 // window title (OSC, BEL)
        assertEquals("xy", f.filter("x\u001b]52;c;ZXZpbA==\u001b\\y"));         // clipboard write (OSC 52, ST)
        assertEquals("xy", f.filter("x\u001b[2J\u001b[Hy"));                   // clear screen, cursor home
        assertEquals("xy", f.filter("x\u001b[?1049hy"));    // alternate screen
        assertEquals("xy", f.filter("x\u0007\u0000\u001bcy"));                   // bell, NUL, full reset
        assertEquals("xy", f.filter("x\u009b6ny"));       // 8-bit CSI device status query
    }

    @Test
    void sequencesSplitAcrossChunksAreStillRecognised() {
        AnsiFilter f = new AnsiFilter();
        assertEquals("a", f.filter("a\u001b]0;ti"));
        assertEquals("b", f.filter("tle\u0007b"));
        assertEquals("c", f.filter("c\u001b["));
        assertEquals("\u001b[32mgreen", f.filter("32mgreen"));
    }
}
