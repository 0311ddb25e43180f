package dev.upyd.pki.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupConfigTest {
    private static final String UPYDEV_FILE =
            "{\"esp_room1\": [\"esp_room1.local\", \"mypasswd:mypassphr\"], \"pyb\": [\"/dev/tty.usbmodem3370377430372\", 115200],"
                    + " \"lab\": [\"192.168.1.42:8266\", \"pw\"], \"ble\": [\"9998175F-9A91-4CA2-B5EA-482AFC3453B9\", \"pass\"]}";

    private static GroupConfig parse(String json) throws ConfigException {
        return GroupConfig.parse(json.getBytes(StandardCharsets.UTF_8), "UPY_G.config");
    }

    @Test
    void readsUpydevGroupFileAndKeepsNonWebSocketEntries() throws Exception {
        GroupConfig g = parse(UPYDEV_FILE);
        assertEquals(List.of("esp_room1", "lab"), g.entries().stream().map(GroupEntry::name).toList());
        GroupEntry e = g.get("esp_room1").orElseThrow();
        assertEquals("mypasswd", e.password());
        assertEquals("mypassphr", e.passphrase());
        assertTrue(e.wantsTls());
        assertEquals(8833, e.port());
        assertTrue(e.deviceAddress().isMdnsName());
        GroupEntry lab = g.get("lab").orElseThrow();
        assertFalse(lab.wantsTls());
        assertEquals(8266, lab.port());
        assertEquals(List.of("esp_room1", "pyb", "lab", "ble"), g.names());
        // written back exactly as Python's json.dumps wrote it
        assertEquals(UPYDEV_FILE, new String(g.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void upydevPortSwitching() {
        assertEquals(8833, DeviceAddress.parse("10.0.0.5:8266").portFor(true));
        assertEquals(8266, DeviceAddress.parse("10.0.0.5:8833").portFor(false));
        assertEquals(9000, DeviceAddress.parse("10.0.0.5:9000").portFor(true));
        assertEquals(8266, DeviceAddress.parse("10.0.0.5").portFor(false));
        assertEquals("::1", DeviceAddress.parse("[::1]:8833").host());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DeviceAddress.parse("a:b"));
        assertTrue(bad.getMessage().contains("'b' is not a port number"), bad.getMessage());
    }

    @Test
    void explicitWssPortWantsTlsWithoutStoredPassphrase() {
        GroupEntry e = GroupEntry.of("dev", "127.0.0.1:8833", "pw");
        assertTrue(e.wantsTls());
        assertEquals(8833, e.port());
    }

    @Test
    void addRemoveAndWriteAtomicallyOwnerOnly(@TempDir Path home) throws Exception {
        Path file = GroupConfig.fileIn(home);
        GroupConfig g = GroupConfig.read(file); // missing = empty
        assertTrue(g.entries().isEmpty());
        g = g.with(GroupEntry.of("a", "10.0.0.1", "pw1:phrase:with:colons")).with(GroupEntry.of("b", "b.local", "pw2"));
        g.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        GroupConfig back = GroupConfig.read(file);
        assertEquals("phrase:with:colons", back.get("a").orElseThrow().passphrase());
        back.without("a").write(file);
        assertEquals("{\"b\": [\"b.local\", \"pw2\"]}", Files.readString(file));
        try (var s = Files.list(home)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void corruptFilesGiveThePlaceAndNeverThePassword() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{\"a\": [\"10.0.0.1\", \"s3cret\"]"));
        assertTrue(e.getMessage().startsWith("UPY_G.config: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> parse("{\"a\": [\"10.0.0.1\", \"s3cret\"], \"a\": [\"x\", \"y\"]}"));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> parse("[1, 2]"));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> parse("{\"a\": {\"x\": 1}}"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> parse("{\"a\": [\"host:notaport\", \"s3cret\"]}"));
        assertTrue(e.getMessage().contains("'notaport' is not a port number"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());

        String deep = "{\"a\": " + "[".repeat(10_000);
        assertThrows(ConfigException.class, () -> parse(deep));
    }

    @Test
    void emptyFileIsAnEmptyGroup() throws Exception {
        assertTrue(parse("").entries().isEmpty());
        assertTrue(parse("{}").entries().isEmpty());
    }

    @Test
    void toStringHidesSecrets() {
        GroupEntry e = GroupEntry.of("dev", "10.0.0.1", "pw123:topsecret");
        assertFalse(e.toString().contains("pw123"));
        assertFalse(e.toString().contains("topsecret"));
    }
}
