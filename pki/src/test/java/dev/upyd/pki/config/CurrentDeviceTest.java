package dev.upyd.pki.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurrentDeviceTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatUpydevWritesAndWritesItBackTheSameWay() throws Exception {
        String upydev = "{\"addr\": \"192.168.1.42\", \"passwd\": \"mypasswd:mypassphr\", \"name\": \"esp_room1\"}";
        Path f = CurrentDevice.fileIn(dir);
        Files.writeString(f, upydev);
        CurrentDevice d = CurrentDevice.read(f).orElseThrow();
        assertEquals(new CurrentDevice("esp_room1", "192.168.1.42", "mypasswd:mypassphr"), d);
        d.write(f);
        assertEquals(upydev, Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertFalse(d.toString().contains("mypasswd"));
    }

    @Test
    void oldKeysAndMissingNameAsUpydevReadsThem() throws Exception {
        Path f = CurrentDevice.fileIn(dir);
        Files.writeString(f, "{\"ip\": \"10.0.0.5\", \"passwd\": \"pw\", \"extra\": [1, {\"a\": 2}]}");
        assertEquals(new CurrentDevice("upydevice", "10.0.0.5", "pw"), CurrentDevice.read(f).orElseThrow());
    }

    @Test
    void aMissingFileIsNoDeviceAndACorruptOneSaysWhereWithoutItsText() throws Exception {
        assertTrue(CurrentDevice.read(dir.resolve("nope")).isEmpty());
        Path f = CurrentDevice.fileIn(dir);
        Files.writeString(f, "{\"addr\": \"1.2.3.4\", \"passwd\": \"s3cret-pw");
        ConfigException e = assertThrows(ConfigException.class, () -> CurrentDevice.read(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        Files.writeString(f, "{\"passwd\": \"pw\"}");
        assertTrue(assertThrows(ConfigException.class, () -> CurrentDevice.read(f)).getMessage().contains("no \"addr\""));
        Files.writeString(f, "[1]");
        assertThrows(ConfigException.class, () -> CurrentDevice.read(f));
    }
}
