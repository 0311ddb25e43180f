package dev.upyd.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliHarness;
import dev.upyd.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @TempDir
    Path tmp;
    CliHarness cli;
    Path file;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(tmp);
        file = tmp.resolve("home").resolve("UPY_G.config");
    }

    @Test
    void upydevConfigLineWritesTheGlobalGroupAtomicallyAndPrivately() throws Exception {
        assertEquals(0, cli.run("config", "-t", "esp_room1.local", "-p", "mypasswd:mypassphr", "-@", "esp_room1", "-gg"));
        assertEquals("WebSocketDevice esp_room1 settings saved in global group!\n", cli.out);
        assertEquals("{\"esp_room1\": [\"esp_room1.local\", \"mypasswd:mypassphr\"]}", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        assertEquals(0, cli.run("config", "-t", "192.168.1.53:8833", "-p", "pw2", "-@", "esp2", "-gg"));
        assertEquals(0, cli.run("config", "-t", "10.0.0.9", "-p", "newpw", "-@", "esp_room1", "-gg")); // replace
        assertEquals("{\"esp_room1\": [\"10.0.0.9\", \"newpw\"], \"esp2\": [\"192.168.1.53:8833\", \"pw2\"]}",
                Files.readString(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void listingNeverShowsPasswords() {
        cli.run("config", "-t", "esp_room1.local", "-p", "secretpw:phrase", "-@", "esp_room1", "-gg");
        cli.run("config", "-t", "192.168.1.60", "-p", "otherpw", "-@", "esp_kitchen", "-gg");
        assertEquals(0, cli.run("gg"));
        assertEquals("GROUP NAME: UPY_G\n# DEVICES: 2\n"
                + "┣━ esp_room1  -> WebSocketDevice @ esp_room1.local \n"
                + "┗━ esp_kitchen -> WebSocketDevice @ 192.168.1.60 \n", cli.out);
        assertEquals(0, cli.run("config", "-l", "--json"));
        assertEquals("[{\"name\":\"esp_room1\",\"address\":\"esp_room1.local\",\"tls\":true},"
                + "{\"name\":\"esp_kitchen\",\"address\":\"192.168.1.60\",\"tls\":false}]\n", cli.out);
        assertFalse(cli.out.contains("secretpw") || cli.out.contains("phrase") || cli.out.contains("otherpw"));
    }

    @Test
    void removal() throws Exception {
        cli.run("config", "-t", "a.local", "-p", "pw", "-@", "a", "-gg");
        cli.run("config", "-t", "b.local", "-p", "pw", "-@", "b", "-gg");
        assertEquals(0, cli.run("config", "--rm", "a"));
        assertEquals("{\"b\": [\"b.local\", \"pw\"]}", Files.readString(file));
        assertEquals(Main.ExitCodes.USAGE, cli.run("config", "--rm", "a"));
        assertTrue(cli.err.contains("Device a not configured in global group"), cli.err);
    }

    @Test
    void missingPieceIsAUsageErrorNamingIt() {
        assertEquals(Main.ExitCodes.USAGE, cli.run("config", "-t", "a.local", "-@", "a", "-gg"));
        assertTrue(cli.err.contains("-p PASSWORD"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("config", "-p", "pw", "-@", "a", "-gg"));
        assertTrue(cli.err.contains("-t ADDR"), cli.err);
        assertFalse(Files.exists(file));
    }

    @Test
    void corruptGroupFileIsReportedWithFileAndPlace() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"a\": [\"x\", \"secretpw\"],, }");
        assertEquals(Main.ExitCodes.USAGE, cli.run("gg"));
        assertTrue(cli.err.contains(file.toString()), cli.err);
        assertFalse(cli.err.contains("secretpw"), cli.err);
    }
}
