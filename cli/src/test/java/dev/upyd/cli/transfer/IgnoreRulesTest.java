package dev.upyd.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dsync -i: upydev's glob, r!REGEX and r:PAT forms, and the helpers of get -d and dsync -p. */
class IgnoreRulesTest {
    @Test
    void globMatchesWholePathNameOrDirectoryAbove() {
        IgnoreRules r = IgnoreRules.of(List.of("*.pyc", "tests"));
        assertTrue(r.ignored("a.pyc"));
        assertTrue(r.ignored("lib/deep/b.pyc"));
        assertTrue(r.ignored("tests"));
        assertTrue(r.ignored("tests/test_a.py"), "everything under an ignored directory");
        assertTrue(r.ignored("lib/tests/x.py"), "a bare name matches at any level, as the last name");
        assertFalse(r.ignored("a.py"));
        assertFalse(r.ignored("lib/pyc"));
        assertFalse(r.ignored("testsuite.py"));
        assertFalse(IgnoreRules.of(List.of("a.py")).ignored("axpy"), "the dot is literal");
    }

    @Test
    void rawRegexIsTheWholePathWithOrWithoutDotSlash() {
        IgnoreRules r = IgnoreRules.of(List.of("r!lib/.*\\.mpy"));
        assertTrue(r.ignored("lib/a.mpy"));
        assertFalse(r.ignored("a.mpy"));
        assertFalse(r.ignored("lib/a.py"));
        assertTrue(IgnoreRules.of(List.of("r!\\./data/[0-9]+\\.csv")).ignored("data/42.csv"));
        assertFalse(IgnoreRules.of(List.of("r!\\./data/[0-9]+\\.csv")).ignored("data/x.csv"));
    }

    @Test
    void prefixFormIsUpydevsTopLevelRegex() {
        IgnoreRules r = IgnoreRules.of(List.of("r:*.log"));
        assertTrue(r.ignored("debug.log"));
        assertTrue(r.ignored("x.log"));
        assertFalse(r.ignored("debug.txt"));
    }

    @Test
    void badRegexIsAUsageErrorNamingThePattern() {
        CliException e = assertThrows(CliException.class, () -> IgnoreRules.of(List.of("r![a-")));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("dsync -i r![a-"), e.getMessage());
    }

    @Test
    void depthVariantsAreUpydevs() {
        assertEquals(List.of("*.py"), DeviceGlob.withDepth("*.py", 0));
        assertEquals(List.of("*.py"), DeviceGlob.withDepth("*.py", 1));
        assertEquals(List.of("*.py", "*/*.py", "*/*/*.py"), DeviceGlob.withDepth("*.py", 3));
        assertEquals(List.of("/lib/a.py", "/*/lib/a.py"), DeviceGlob.withDepth("/lib/a.py", 2));
        assertTrue(DeviceGlob.regex("*/*.py").matcher("lib/a.py").matches());
        assertFalse(DeviceGlob.regex("*/*.py").matcher("lib/x/a.py").matches(), "* never crosses /");
        assertFalse(DeviceGlob.regex("*.py").matcher("lib/a.py").matches());
        assertTrue(DeviceGlob.regex("/lib/*.py").matcher("/lib/a.py").matches());
        assertEquals("lib/a.py", DeviceGlob.stripDot("./lib/a.py"));
        assertEquals(".", DeviceGlob.stripDot("./"));
    }

    @Test
    void textDiffIsUnifiedForTextAndOneLineForBinary() {
        String d = TextDiff.of("a/x.py", "b/x.py", "one\ntwo\n".getBytes(), "one\n2\n".getBytes());
        assertEquals("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n", d);
        assertEquals("", TextDiff.of("a", "b", "same\n".getBytes(), "same\n".getBytes()));
        assertEquals("binary files a/x.bin and b/x.bin differ\n",
                TextDiff.of("a/x.bin", "b/x.bin", new byte[] {1, 0, 2}, new byte[] {1, 2}));
        assertEquals("binary files a/x and b/x differ\n",
                TextDiff.of("a/x", "b/x", "ok".getBytes(), new byte[] {(byte) 0xC3, 0x28}), "invalid UTF-8");
        assertTrue(TextDiff.of("a/big", "b/big", new byte[TextDiff.MAX_BYTES + 1], new byte[1]).contains("not diffed"));
    }
}
