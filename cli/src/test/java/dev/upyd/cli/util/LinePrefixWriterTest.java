package dev.upyd.cli.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LinePrefixWriterTest {
    @Test
    void everyLineGetsThePrefixAndPartialLinesWaitForTheirEnd() throws Exception {
        StringWriter sw = new StringWriter();
        PrintWriter target = new PrintWriter(sw);
        Object lock = new Object();
        LinePrefixWriter a = new LinePrefixWriter(target, "a | ", lock);
        LinePrefixWriter b = new LinePrefixWriter(target, "b | ", lock);
        a.write("one\r\ntw");
        b.write("x\n");
        a.write("o\nend");
        a.close();
        String nl = System.lineSeparator();
        assertEquals("a | one" + nl + "b | x" + nl + "a | two" + nl + "a | end" + nl, sw.toString());
    }
}
