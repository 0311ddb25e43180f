package dev.upyd.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.upyd.cli.CliSettings;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.shell.Prompt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderingTest {
    private static DeviceFs.Entry e(String p, DeviceFs.Kind k) {
        return new DeviceFs.Entry(p, k, 1);
    }

    @Test
    void treeAsUpydevDrawsIt() {
        DeviceRun run = new DeviceRun("d", null, CliSettings.of(Map.of("NO_COLOR", "1"), Path.of("/")),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false);
        String t = new TreeRenderer(new Style(run)).render(".", List.of(
                e(".", DeviceFs.Kind.ROOT_DIR), e("boot.py", DeviceFs.Kind.FILE), e("lib", DeviceFs.Kind.DIR),
                e("lib/a.py", DeviceFs.Kind.FILE), e("lib/sub", DeviceFs.Kind.DIR), e("lib/sub/b.py", DeviceFs.Kind.FILE),
                e("main.py", DeviceFs.Kind.FILE)));
        assertEquals(".\n├── boot.py\n├── lib\n│   ├── a.py\n│   └── sub\n│       └── b.py\n└── main.py\n\n"
                + "2 directories, 4 files", t);
    }

    @Test
    void promptAsUpydev() {
        assertEquals("esp32@esp_room1:~ $ ", Prompt.of("esp32", "esp_room1", "/", false));
        assertEquals("esp32@esp_room1:~/lib$ ", Prompt.of("esp32", "esp_room1", "/lib", false));
        assertEquals("\u001b[1;32mesp32@esp_room1\u001b[0m\u001b[0;37m:\u001b[0m\u001b[1;34m~ $ \u001b[0m",
                Prompt.of("esp32", "esp_room1", "/", true));
    }

    @Test
    void units() {
        assertEquals("999 by", Units.size(999));
        assertEquals("1.5 kB", Units.size(1500));
        assertEquals("2.10 MB", Units.size(2_100_000));
    }

    @Test
    void statusDurations() {
        assertEquals("59s", StatusCommand.duration(59_999));
        assertEquals("2m05s", StatusCommand.duration(125_000));
        assertEquals("1h01m", StatusCommand.duration(3_660_000));
        assertEquals("2d03h", StatusCommand.duration(2 * 86_400_000L + 3 * 3_600_000L));
    }
}
