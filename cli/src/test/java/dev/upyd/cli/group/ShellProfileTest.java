package dev.upyd.cli.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell file `register` writes: upydev's own blocks are read, replaced and removed cleanly. */
class ShellProfileTest {
    /** What upydev 0.4 appends for `upydev register room1 -@ esp_room1` and a group. */
    static final String UPYDEV_WRITTEN = "export PATH=$PATH:/opt/bin\n"
            + "\n#UPYDEV DEVICE esp_room1\n"
            + "function room1() { upydev \"$@\" -@ esp_room1; }\n"
            + "function _argcomp_upydev() { _python_argcomplete upydev; }\n"
            + "complete -o bashdefault -o default -o nospace -F _argcomp_upydev room1\n"
            + "\n#UPYDEV GROUP lab\n"
            + "function lab() { upydev \"$@\" -@ esp_a esp_b; }\n"
            + "function _argcomp_upydev() { _python_argcomplete upydev; }\n"
            + "complete -o bashdefault -o default -o nospace -F _argcomp_upydev lab\n"
            + "alias ll='ls -l'\n";

    @TempDir
    Path tmp;

    private ShellProfile profile(Path file) {
        CliHarness h = new CliHarness(tmp);
        h.env.put("HOME", tmp.toString());
        return ShellProfile.locate(h.settings(), file.toString());
    }

    @Test
    void readsUpydevBlocks() throws Exception {
        Path f = tmp.resolve("p");
        Files.writeString(f, UPYDEV_WRITTEN);
        List<ShellProfile.Entry> e = profile(f).entries();
        assertEquals(List.of(new ShellProfile.Entry("esp_room1", "room1", List.of("esp_room1"), false),
                new ShellProfile.Entry("lab", "lab", List.of("esp_a", "esp_b"), true)), e);
    }

    @Test
    void replacingAnUpydevBlockDropsItsCompletionLinesAndKeepsTheRest() throws Exception {
        Path f = tmp.resolve("p");
        Files.writeString(f, UPYDEV_WRITTEN);
        assertTrue(profile(f).register("room1", List.of("esp_x"), false, "esp_x"));
        String text = Files.readString(f);
        assertFalse(text.contains("-F _argcomp_upydev room1"), text);
        assertTrue(text.contains("complete -o bashdefault -o default -o nospace -F _argcomp_upydev lab\n"), text);
        assertTrue(text.startsWith("export PATH=$PATH:/opt/bin\n\n#UPYDEV GROUP lab\n"), text);
        assertTrue(text.contains("alias ll='ls -l'\n"), text);
        assertTrue(text.endsWith("alias ll='ls -l'\n\n#UPYDEV DEVICE esp_x\nfunction room1() { upyd \"$@\" -@ esp_x; }\n"), text);
        assertTrue(profile(f).unregister("lab"));
        assertFalse(Files.readString(f).contains("lab"), Files.readString(f));
        assertFalse(profile(f).unregister("lab"));
    }

    @Test
    void aSymlinkedProfileStaysALink() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("dotfiles")).resolve("profile");
        Files.writeString(real, "# mine\n");
        Path link = Files.createSymbolicLink(tmp.resolve(".profile"), real);
        profile(link).register("dev1", List.of("dev1"), false, "dev1");
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("function dev1()"));
        try (var s = Files.list(real.getParent())) {
            assertEquals(1, s.count(), "no temp file left");
        }
    }

    @Test
    void namesThatWouldBeShellCodeAreRefused() {
        for (String bad : new String[] {"a;b", "$(x)", "a b", "-rf", "", "a`b`", "x\ny"}) {
            assertThrows(CliException.class, () -> ShellProfile.checkName("alias", bad), bad);
        }
        assertEquals("esp_room-1.a", ShellProfile.checkName("alias", "esp_room-1.a"));
    }

    @Test
    void defaultFileIsProfileThenBashrc() throws Exception {
        CliHarness h = new CliHarness(tmp);
        h.env.put("HOME", tmp.toString());
        assertEquals(tmp.resolve(".profile"), ShellProfile.locate(h.settings(), null).file());
        Files.writeString(tmp.resolve(".bashrc"), "");
        assertEquals(tmp.resolve(".bashrc"), ShellProfile.locate(h.settings(), null).file());
        Files.writeString(tmp.resolve(".profile"), "");
        assertEquals(tmp.resolve(".profile"), ShellProfile.locate(h.settings(), "").file());
        assertEquals(tmp.resolve("x.sh"), ShellProfile.locate(h.settings(), "~/x.sh").file());
    }
}
