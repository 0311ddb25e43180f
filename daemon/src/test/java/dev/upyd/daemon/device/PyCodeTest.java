package dev.upyd.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PyCodeTest {
    @Test
    void quotesWhatCouldEndTheLiteral() {
        assertEquals("'a\\'b\\\\c'", PyCode.str("a'b\\c"));
        assertEquals("'x\\x0ay'", PyCode.str("x\ny"));
        assertEquals("'é.py'", PyCode.str("é.py"));
    }

    @Test
    void parentAndName() {
        assertEquals("", PyCode.parent("main.py"));
        assertEquals("/", PyCode.parent("/main.py"));
        assertEquals("/lib/x", PyCode.parent("/lib/x/y.py"));
        assertEquals("y.py", PyCode.fileName("/lib/x/y.py"));
    }
}
