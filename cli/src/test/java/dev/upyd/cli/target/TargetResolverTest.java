package dev.upyd.cli.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetResolverTest {
    @TempDir
    Path tmp;

    private final List<String> group = List.of("esp_room1", "esp_room2", "esp_kitchen", "pico_garage");

    private List<String> resolve(Map<String, String> env, TargetOptions t, String positional) {
        env.putIfAbsent("UPYD_HOME", tmp.resolve("home").toString());
        return new TargetResolver(CliSettings.of(env, tmp), () -> group).resolve(t, positional);
    }

    private static TargetOptions names(String... n) {
        TargetOptions t = new TargetOptions();
        t.names.addAll(List.of(n));
        return t;
    }

    @Test
    void namesWildcardsAndGg() {
        assertEquals(List.of("esp_room1"), resolve(new HashMap<>(), names("esp_room1"), null));
        assertEquals(List.of("a", "b", "c"), resolve(new HashMap<>(), names("a", "b", "c"), null));
        assertEquals(List.of("esp_room1", "esp_room2", "esp_kitchen"), resolve(new HashMap<>(), names("esp*"), null));
        assertEquals(List.of("esp_room1", "esp_room2"), resolve(new HashMap<>(), names("*room?"), null));
        assertEquals(group, resolve(new HashMap<>(), names("gg"), null));
        TargetOptions gg = new TargetOptions();
        gg.globalGroup = true;
        assertEquals(group, resolve(new HashMap<>(), gg, null));
        assertEquals(List.of("esp_kitchen", "esp_room1"), resolve(new HashMap<>(), names("esp_room1"), "esp_kitchen"));
    }

    @Test
    void groupFileInCwd() throws Exception {
        Files.writeString(tmp.resolve("garden.config"), "{\"pico_garage\": [\"10.0.0.7\", \"pw\"], \"esp_room2\": [\"10.0.0.8\", \"pw\"]}");
        TargetOptions g = new TargetOptions();
        g.group = "garden";
        assertEquals(List.of("pico_garage", "esp_room2"), resolve(new HashMap<>(), g, null));
        assertEquals(List.of("pico_garage", "esp_room2"), resolve(new HashMap<>(), names("garden"), null));
        g.group = "nope";
        CliException e = assertThrows(CliException.class, () -> resolve(new HashMap<>(), g, null));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("nope.config"), e.getMessage());
    }

    @Test
    void noTargetUsesUpydDeviceOrTheOnlyDevice() {
        Map<String, String> env = new HashMap<>();
        env.put("UPYD_DEVICE", "esp_kitchen");
        assertEquals(List.of("esp_kitchen"), resolve(env, new TargetOptions(), null));
        CliException e = assertThrows(CliException.class, () -> resolve(new HashMap<>(), new TargetOptions(), null));
        assertTrue(e.getMessage().contains("-@ NAME"), e.getMessage());
        assertEquals(List.of("only"), new TargetResolver(CliSettings.of(Map.of("UPYD_HOME", tmp.toString()), tmp),
                () -> List.of("only")).resolve(new TargetOptions(), null));
    }

    @Test
    void wildcardMatchingNothingIsAUsageError() {
        CliException e = assertThrows(CliException.class, () -> resolve(new HashMap<>(), names("zz*"), null));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
    }
}
