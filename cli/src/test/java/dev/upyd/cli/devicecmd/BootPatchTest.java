package dev.upyd.cli.devicecmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BootPatchTest {
    @Test
    void stockWebreplIsConvertedInPlace() {
        String esp32 = "# This file is executed on every boot (including wake-boot from deepsleep)\n"
                + "#import esp\n#esp.osdebug(None)\nimport webrepl\nwebrepl.start()\n";
        assertEquals("# This file is executed on every boot (including wake-boot from deepsleep)\n"
                + "#import esp\n#esp.osdebug(None)\nimport upyd_wss\nupyd_wss.start(ssl=True)\n", BootPatch.patch(esp32));
        assertFalse(BootPatch.isEnabled(esp32));
        assertTrue(BootPatch.isEnabled(BootPatch.patch(esp32)));
    }

    @Test
    void upydevOneLinerAndItsOtherCallsAreConverted() {
        assertEquals("import upyd_wss; upyd_wss.start(ssl=True)\n",
                BootPatch.patch("import wss_repl; wss_repl.start(ssl=True)\n"));
        assertEquals("import upyd_wss\nupyd_wss.set_ssl(True)\nupyd_wss.stop()\nupyd_wss.start(ssl=True)\n",
                BootPatch.patch("import wss_repl\nwss_repl.set_ssl(True)\nwss_repl.stop()\nwss_repl.start(ssl=True)\n"));
    }

    @Test
    void missingOrUnrelatedBootGetsTheLinesAppended() {
        assertEquals("import upyd_wss\nupyd_wss.start(ssl=True)\n", BootPatch.patch(null));
        assertEquals("import gc\ngc.collect()\nimport upyd_wss\nupyd_wss.start(ssl=True)\n",
                BootPatch.patch("import gc\ngc.collect()"));
    }

    @Test
    void indentationCrlfCommentsAndStringsAreKept() {
        String in = "import network\r\nif network.WLAN(0).isconnected():\r\n    import webrepl\r\n    webrepl.start(password='a;b')\r\n"
                + "# webrepl.start()\r\nprint('import webrepl; webrepl.start()')\r\n";
        String out = BootPatch.patch(in);
        assertEquals("import network\r\nif network.WLAN(0).isconnected():\r\n    import upyd_wss\r\n    upyd_wss.start(ssl=True)\r\n"
                + "# webrepl.start()\r\nprint('import webrepl; webrepl.start()')\r\n", out);
        assertEquals(out, BootPatch.patch(out));
    }

    @Test
    void aStartWithoutImportGetsOneAndDuplicatesGo() {
        assertEquals("import upyd_wss\nupyd_wss.start(ssl=True)\n", BootPatch.patch("upyd_wss.start()\n"));
        assertEquals("import upyd_wss\nupyd_wss.start(ssl=True)\n",
                BootPatch.patch("import webrepl\nimport wss_repl\nwebrepl.start()\nwss_repl.start(ssl=True)\n"));
    }

    @Test
    void alreadyPatchedIsEnabledAndUnchanged() {
        String ok = "import upyd_wss\nupyd_wss.start(ssl=True)\n";
        assertTrue(BootPatch.isEnabled(ok));
        assertEquals(ok, BootPatch.patch(ok));
        assertFalse(BootPatch.isEnabled("import upyd_wss\nupyd_wss.start()\n"), "plain ws is not wss");
        assertFalse(BootPatch.isEnabled(null));
    }

    @Test
    void diffIsUnified() {
        String a = "# c\nimport webrepl\nwebrepl.start()\n";
        assertEquals("--- a/boot.py\n+++ b/boot.py\n@@ -1,3 +1,3 @@\n # c\n-import webrepl\n-webrepl.start()\n"
                + "+import upyd_wss\n+upyd_wss.start(ssl=True)\n", UnifiedDiff.of("a/boot.py", "b/boot.py", a, BootPatch.patch(a)));
        assertEquals("", UnifiedDiff.of("a", "b", a, a));
        assertEquals("--- /dev/null\n+++ b/boot.py\n@@ -0,0 +1,2 @@\n+import upyd_wss\n+upyd_wss.start(ssl=True)\n",
                UnifiedDiff.of("/dev/null", "b/boot.py", "", BootPatch.patch(null)));
    }

    @Test
    void diffKeepsHunksApart() {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            a.append("l").append(i).append('\n');
        }
        String b = a.toString().replace("l2\n", "L2\n").replace("l17\n", "L17\n");
        String d = UnifiedDiff.of("a", "b", a.toString(), b);
        assertTrue(d.contains("@@ -1,6 +1,6 @@\n l0\n l1\n-l2\n+L2\n l3\n l4\n l5\n"), d);
        assertTrue(d.contains("@@ -15,6 +15,6 @@\n l14\n l15\n l16\n-l17\n+L17\n l18\n l19\n"), d);
    }
}
