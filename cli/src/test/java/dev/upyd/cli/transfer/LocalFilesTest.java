package dev.upyd.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
    @TempDir
    Path tmp;

    @Test
    void quotedPatternsAreExpandedSortedWithoutHiddenFiles() throws Exception {
        for (String f : new String[] {"b.py", "a.py", ".secret.py", "c.txt"}) {
            Files.writeString(tmp.resolve(f), f);
        }
        assertEquals(List.of(tmp.resolve("a.py"), tmp.resolve("b.py")), LocalFiles.expand(tmp, List.of("*.py")));
        assertEquals(List.of(tmp.resolve("c.txt")), LocalFiles.expand(tmp, List.of("c.txt")));
        CliException e = assertThrows(CliException.class, () -> LocalFiles.expand(tmp, List.of("*.rs")));
        assertEquals(Main.ExitCodes.LOCAL_IO, e.exitCode());
        e = assertThrows(CliException.class, () -> LocalFiles.expand(tmp, List.of("missing.py")));
        assertTrue(e.getMessage().contains("missing.py"), e.getMessage());
    }

    @Test
    void sha256MatchesAKnownVector() throws Exception {
        Files.writeString(tmp.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", LocalFiles.sha256(tmp.resolve("abc")));
    }

    @Test
    void walkSkipsHiddenTrees() throws Exception {
        Files.createDirectories(tmp.resolve("p/.git/objects"));
        Files.createDirectories(tmp.resolve("p/lib"));
        Files.writeString(tmp.resolve("p/.git/objects/x"), "x");
        Files.writeString(tmp.resolve("p/lib/u.py"), "u");
        assertEquals(List.of(tmp.resolve("p/lib"), tmp.resolve("p/lib/u.py")), LocalFiles.walk(tmp.resolve("p")));
    }

    @Test
    void deviceGlobAndJoin() {
        assertTrue(DeviceFs.globRegex("*.py").matcher("main.py").matches());
        assertTrue(!DeviceFs.globRegex("*.py").matcher("lib/main.py").matches());
        assertTrue(DeviceFs.globRegex("t?st").matcher("test").matches());
        assertEquals("lib/a.py", DeviceFs.join("lib", "a.py"));
        assertEquals("/a.py", DeviceFs.join("/", "a.py"));
        assertEquals("a.py", DeviceFs.join(".", "a.py"));
    }
}
