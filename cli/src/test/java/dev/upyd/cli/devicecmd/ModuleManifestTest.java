package dev.upyd.cli.devicecmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleManifestTest {
    @TempDir
    Path tmp;

    /** The repository's own device/ folder, found the way the CLI finds it (from its classes directory). */
    static Path repoDeviceFolder() {
        return DeviceFolder.locate(null, null, Path.of("target/classes"));
    }

    @Test
    void theShippedManifestReadsAndMatchesItsFiles() throws Exception {
        ModuleManifest m = ModuleManifest.read(repoDeviceFolder());
        assertEquals(List.of("upyd_fs", "upyd_ota", "upyd_sha1", "upyd_wss", "wss_repl"), m.modules().stream()
                .map(ModuleManifest.Module::name).toList());
        for (ModuleManifest.Module mod : m.modules()) {
            assertEquals(mod.sha256(), dev.upyd.cli.transfer.LocalFiles.sha256(m.localFile(mod)), mod.file());
            assertTrue(mod.devicePath().startsWith("/lib/"), mod.devicePath());
        }
    }

    @Test
    void globsSelectByFileOrModuleName() {
        ModuleManifest m = ModuleManifest.read(repoDeviceFolder());
        assertEquals(5, m.select(List.of()).size());
        assertEquals(List.of("upyd_fs", "upyd_ota", "upyd_sha1", "upyd_wss"),
                m.select(List.of("upyd_*.py")).stream().map(ModuleManifest.Module::name).toList());
        assertEquals(List.of("upyd_wss", "wss_repl"),
                m.select(List.of("wss_repl", "upyd_wss.py")).stream().map(ModuleManifest.Module::name).toList());
        CliException e = assertThrows(CliException.class, () -> m.select(List.of("nanoglob.py")));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("nanoglob.py") && e.getMessage().contains("upyd_fs.py"), e.getMessage());
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        Files.writeString(tmp.resolve("manifest.json"), "{\"format\":1,\"modules\":[{\"name\":\"x\",\"file\":\"lib/x.py\","
                + "\"device_path\":\"/lib/x.py\",\"version\":\"1\",\"size\":3,\"sha256\":\"abc\"}]}");
        CliException e = assertThrows(CliException.class, () -> ModuleManifest.read(tmp));
        assertTrue(e.getMessage().contains("modules[0].sha256") && e.getMessage().contains("manifest.json"), e.getMessage());
        Files.writeString(tmp.resolve("manifest.json"), "{\"format\":1,\"modules\":[{\"name\":\"x\",\"file\":\"../x.py\","
                + "\"device_path\":\"/lib/x.py\",\"version\":\"1\",\"size\":3,\"sha256\":\"" + "a".repeat(64) + "\"}]}");
        e = assertThrows(CliException.class, () -> ModuleManifest.read(tmp));
        assertTrue(e.getMessage().contains("modules[0].file"), e.getMessage());
        Files.writeString(tmp.resolve("manifest.json"), "{\"format\":1,\"modules\":[");
        e = assertThrows(CliException.class, () -> ModuleManifest.read(tmp));
        assertEquals(Main.ExitCodes.LOCAL_IO, e.exitCode());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void folderLookupOrder() throws Exception {
        Path repo = repoDeviceFolder();
        assertTrue(Files.isRegularFile(repo.resolve("manifest.json")));
        Path home = tmp.resolve("checkout");
        Files.createDirectories(home.resolve("device"));
        Files.writeString(home.resolve("device/manifest.json"), "{}");
        assertEquals(home.resolve("device"), DeviceFolder.locate(null, home.toString(), Path.of("target/classes")));
        assertEquals(tmp.resolve("checkout/device"), DeviceFolder.locate(home.resolve("device"), "/nowhere", null));
        CliException e = assertThrows(CliException.class, () -> DeviceFolder.locate(null, null, tmp));
        assertTrue(e.getMessage().contains("--from"), e.getMessage());
        e = assertThrows(CliException.class, () -> DeviceFolder.locate(tmp, null, null));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
    }

    @Test
    void parentDirsAreParentsFirst() {
        assertEquals(List.of("/lib", "/lib/a"), ModuleInstaller.parentDirs(List.of("/lib/x.py", "/lib/a/y.py", "/z.py")));
    }
}
