package dev.upyd.cli.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppImageTest {
    static final byte[] APP = TestFirmware.app(20_000, "v1.24.1", TestFirmware.CHIP_ESP32, 1);

    @Test
    void anAppImageIsTakenAsItIs() {
        AppImage a = AppImage.parse(APP);
        assertArrayEquals(APP, a.bytes());
        assertEquals("v1.24.1", a.version());
        assertEquals("micropython", a.project());
        assertEquals("ESP32", a.chipName());
        assertEquals("micropython v1.24.1 for ESP32, " + APP.length + " bytes", a.describe());
    }

    @Test
    void theAppIsCutFromACombinedImageWhereItsPartitionTableSays() {
        AppImage esp32 = AppImage.parse(TestFirmware.combined(APP, 0x1000));
        assertArrayEquals(APP, esp32.bytes());
        assertEquals(0xF000, esp32.sourceOffset(), "upydev's fixed cut, right for the ESP32");
        assertTrue(esp32.describe().endsWith("(cut from the combined image at 0xF000)"), esp32.describe());
        byte[] s3app = TestFirmware.app(9_000, "v1.24.1", TestFirmware.CHIP_ESP32S3, 2);
        AppImage s3 = AppImage.parse(TestFirmware.combined(s3app, 0x0));
        assertArrayEquals(s3app, s3.bytes());
        assertEquals(0x10000, s3.sourceOffset(), "a chip whose bootloader sits at 0x0: upydev's 0xF000 would be wrong");
        assertEquals("ESP32-S3", s3.chipName());
    }

    @Test
    void trailingBytesAfterTheImageAreNotSent() {
        byte[] more = Arrays.copyOf(APP, APP.length + 100);
        assertArrayEquals(APP, AppImage.parse(more).bytes());
    }

    @Test
    void corruptImagesAreRefusedWithTheReason() {
        byte[] flipped = APP.clone();
        flipped[5000] ^= 0x10;
        assertTrue(refused(flipped).contains("corrupt app image: checksum"), refused(flipped));
        byte[] twice = flipped.clone();
        twice[6000] ^= 0x10; // the XOR checksum cannot see two equal flips; the appended SHA-256 does
        assertTrue(refused(twice).contains("appended SHA-256 does not match"), refused(twice));
        assertTrue(refused(Arrays.copyOf(APP, APP.length - 40)).contains("truncated app image"));
        assertTrue(refused(Arrays.copyOf(APP, 12_000)).contains("truncated app image: segment 1"));
        byte[] zip = "PK\u0003\u0004 not firmware at all, just some bytes to be long enough".getBytes(StandardCharsets.US_ASCII);
        assertEquals("not an ESP32 firmware image (first byte 0x50, an app image starts with 0xE9)", refused(zip));
        assertTrue(refused(TestFirmware.bootloader(4096)).contains("a bootloader?"));
        byte[] noApp = TestFirmware.combined(APP, 0x1000);
        noApp[0xF000] = 0;
        assertTrue(refused(noApp).contains("the partition table says the app starts at 0x10000, but no app image"), refused(noApp));
        assertTrue(refused(new byte[10]).contains("too small"));
    }

    @Test
    void readNamesTheFileAndSaysNothingWasSent(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("esp32-bad.bin");
        Files.write(f, new byte[100]);
        CliException e = assertThrows(CliException.class, () -> AppImage.read(f));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(f + ": not an ESP32 firmware image") && e.getMessage().endsWith("nothing was sent to the device"),
                e.getMessage());
        CliException missing = assertThrows(CliException.class, () -> AppImage.read(tmp.resolve("nope.bin")));
        assertEquals(Main.ExitCodes.LOCAL_IO, missing.exitCode());
    }

    private static String refused(byte[] data) {
        return assertThrows(IllegalArgumentException.class, () -> AppImage.parse(data)).getMessage();
    }
}
