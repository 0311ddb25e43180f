package dev.upyd.cli.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.Main;
import dev.upyd.cli.devicecmd.OtaTestAccess;
import dev.upyd.cli.e2e.CliDaemonFixture;
import dev.upyd.sim.SimulatedDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mpyx and ota through the real CLI and daemon against a simulated ESP32 running the real MicroPython
 * (WebAssembly), whose esp32.Partition keeps each partition in DEVICE_DIR/.sim_flash: what OTA wrote is
 * read back from there byte for byte, and which app runs after the reset is the simulated bootloader's choice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class FirmwareEndToEndTest {
    static final String NAME = "esp_ota";

    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static SimulatedDevice dev;
    static byte[] app;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CliDaemonFixture.nodeAvailable(), "node and sim/node/node_modules are needed for the MicroPython simulator");
        fx = new CliDaemonFixture(tmp);
        dev = fx.micropython(NAME);
        fx.startDaemon();
        fx.awaitOnline(60_000, NAME);
        app = TestFirmware.app(70_000, "v1.99.0", TestFirmware.CHIP_ESP32, 42);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private int run(String... args) {
        return fx.cli.run(args);
    }

    private String out() {
        return fx.cli.out;
    }

    private String err() {
        return fx.cli.err;
    }

    private Path work() {
        return fx.cli.cwd;
    }

    private Path flash(String name) {
        return dev.deviceDir().resolve(".sim_flash").resolve(name);
    }

    /** A field of the simulated otadata (written by MicroPython's json and by the Node bootloader alike). */
    private String otadata(String key) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":\\s*\"([^\"]*)\"")
                .matcher(Files.readString(flash("otadata.json")));
        return m.find() ? m.group(1) : null;
    }

    private String eval(String code) {
        assertEquals(0, run("exec", NAME, code), err());
        return out().strip();
    }

    /** The mpyx tests compile with the WebAssembly mpy-cross (scripts/setup.sh installs it). */
    private static void assumeWasmMpyCross() {
        assumeTrue(Files.isRegularFile(CliDaemonFixture.repoRoot().resolve(MpyCross.WASM_PACKAGE)),
                "tools/mpy-cross/node_modules is needed (npm ci in tools/mpy-cross)");
    }

    private List<String> workFiles() throws IOException {
        try (Stream<Path> s = Files.list(work())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void mpyxCompilesAModuleTheDeviceImports() throws Exception {
        assumeWasmMpyCross();
        Files.writeString(work().resolve("blink_util.py"), "def f(x):\n    return x * 2\n\nX = f(21)\n");
        assertEquals(0, run("mpyx", "blink_util.py"), err());
        assertEquals("Frozing blink_util.py to bytecode with mpy-cross\nProcess successful, bytecode in : blink_util.mpy\n", out());
        byte[] mpy = Files.readAllBytes(work().resolve("blink_util.mpy"));
        assertEquals("4d06", HexFormat.of().formatHex(mpy, 0, 2), "'M' and .mpy version 6");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(work().resolve("blink_util.mpy"))));
        assertEquals(0, run("put", "blink_util.mpy", "-@", NAME), err());
        assertFalse(Files.exists(dev.deviceDir().resolve("blink_util.py")), "only the bytecode is on the device");
        assertEquals("42 10 .mpy", eval("import blink_util\nprint(blink_util.X, blink_util.f(5), blink_util.__file__[-4:])"));
    }

    @Test
    @Order(2)
    void mpyxShowsTheCompilerErrorAndKeepsThePreviousOutput() throws Exception {
        assumeWasmMpyCross();
        Files.writeString(work().resolve("broken.py"), "def f(:\n    pass\n");
        Files.writeString(work().resolve("broken.mpy"), "previous build");
        Files.writeString(work().resolve("fine.py"), "Y = 1\n");
        assertEquals(Main.ExitCodes.LOCAL_IO, run("mpyx", "broken.py", "fine.py", "missing.py"), "the first failure: the missing file");
        assertTrue(err().contains("File not found, indicate a valid file: missing.py"), err());
        assertTrue(err().contains("File \"broken.py\", line 1\nSyntaxError: invalid syntax"), err());
        assertTrue(out().contains("Frozing broken.py to bytecode with mpy-cross\nProcess failed.\n"), out());
        assertTrue(out().contains("Process successful, bytecode in : fine.mpy"), "the other files still compile: " + out());
        assertEquals("previous build", Files.readString(work().resolve("broken.mpy")));
        assertEquals(List.of("blink_util.mpy", "blink_util.py", "broken.mpy", "broken.py", "fine.mpy", "fine.py"), workFiles(),
                "no temporary file left behind");
        assertEquals(Main.ExitCodes.LOCAL_IO, run("mpyx", "missing.py"));
        assertEquals(Main.ExitCodes.USAGE, run("mpyx", "broken.mpy"));
        assertTrue(err().contains("broken.mpy: not a .py file"), err());
    }

    @Test
    @Order(3)
    void mpyxPrefersANativeMpyCrossOnPathAndSaysWhenThereIsNone() throws Exception {
        assumeWasmMpyCross();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path runner = CliDaemonFixture.repoRoot().resolve(MpyCross.RUNNER);
        Path marker = tmp.resolve("native-ran");
        // a real compiler on PATH under the native name (the WebAssembly build behind a wrapper that leaves a mark)
        Path tool = bin.resolve("mpy-cross");
        Files.writeString(tool, "#!/bin/sh\necho \"$@\" > '" + marker + "'\nexec node '" + runner + "' \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx.cli.env.put("PATH", bin.toString());
        try {
            assertEquals(0, run("mpyx", "fine.py"), err());
            assertTrue(Files.readString(marker).endsWith(" fine.py\n"), Files.readString(marker));
            Files.delete(tool);
            assertEquals(Main.ExitCodes.LOCAL_IO, run("mpyx", "fine.py"));
            assertTrue(err().contains("mpy-cross not found: none on PATH, and no node on PATH"), err());
            assertTrue(err().contains("UPYD_MPY_CROSS"), err());
            fx.cli.env.put("UPYD_MPY_CROSS", tool.toString());
            assertEquals(Main.ExitCodes.LOCAL_IO, run("mpyx", "fine.py"));
            assertTrue(err().contains("UPYD_MPY_CROSS=" + tool + " is not an executable file"), err());
        } finally {
            fx.cli.env.remove("PATH");
            fx.cli.env.remove("UPYD_MPY_CROSS");
        }
    }

    @Test
    @Order(10)
    void aCorruptImageIsRefusedBeforeTheDeviceIsTouched() throws Exception {
        byte[] bad = TestFirmware.combined(app, 0x1000);
        bad[0xF000 + 30_000] ^= 0x01;
        Files.write(work().resolve("esp32-corrupt.bin"), bad);
        assertEquals(Main.ExitCodes.USAGE, run("ota", "esp32-corrupt.bin", "-@", NAME));
        assertTrue(err().contains("esp32-corrupt.bin: corrupt app image: checksum"), err());
        assertTrue(err().contains("nothing was sent to the device"), err());
        assertFalse(Files.exists(dev.deviceDir().resolve(".sim_flash")), "no partition written");
        assertFalse(Files.exists(dev.deviceDir().resolve("lib/upyd_ota.py")), "not even the module was installed");
        Files.write(work().resolve("notes.bin"), "just text, long enough to be read as an image header".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Main.ExitCodes.USAGE, run("ota", "notes.bin", "-@", NAME));
        assertTrue(err().contains("not an ESP32 firmware image (first byte 0x6A"), err());
        byte[] s3 = TestFirmware.app(5000, "v1.99.0", TestFirmware.CHIP_ESP32S3, 3);
        Files.write(work().resolve("s3.app-bin"), s3);
        assertEquals(Main.ExitCodes.USAGE, run("ota", "s3.app-bin", "-i", "-@", NAME));
        assertTrue(out().contains("Firmware ESP32-S3 and " + NAME + " device platform [ESP32 module with ESP32] do NOT match,"
                + " operation aborted."), out());
        assertFalse(Files.exists(dev.deviceDir().resolve(".sim_flash")));
    }

    @Test
    @Order(11)
    void otaWritesTheNextPartitionBootsItAndComesBack() throws Exception {
        Files.write(work().resolve("esp32-20241201-v1.99.0.bin"), TestFirmware.combined(app, 0x1000));
        assertEquals(0, run("ota", "esp32-20241201-v1.99.0.bin", "-i", "--chunk-kb", "16", "-@", NAME), err());
        String o = out();
        for (String line : new String[] {
            String.format("esp32-20241201-v1.99.0.bin  [%.2f kB]%n", app.length / 1000.0),
            "micropython v1.99.0 for ESP32, " + app.length + " bytes (cut from the combined image at 0xF000)\n",
            "Firmware ESP32 and " + NAME + " device platform [ESP32 module with ESP32] match, starting OTA now...\n",
            "upyd_ota.py -> " + NAME + ":/lib/upyd_ota.py",
            "Starting OTA Firmware update...\n" + NAME + ": running ota_0, writing ota_1\n",
            "Checking Firmware...\nOTA Firmware Updated Succesfully!\n" + NAME + ": rebooting into ota_1...\n",
            NAME + ": online again, running ota_1, marked valid (rollback cancelled)\n"}) {
            assertTrue(o.contains(line), "missing " + line + " in:\n" + o);
        }
        byte[] padded = Arrays.copyOf(app, (app.length + 4095) / 4096 * 4096);
        Arrays.fill(padded, app.length, padded.length, (byte) 0xFF);
        assertArrayEquals(padded, Files.readAllBytes(flash("ota_1.bin")), "the partition holds exactly the padded image");
        assertEquals("ota_1 valid ota_0", otadata("boot") + " " + otadata("state") + " " + otadata("previous"));
        assertEquals("ota_1 ota_1", eval("from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4], P(P.BOOT).info()[4])"));
        assertFalse(Files.exists(dev.deviceDir().resolve(".upyd_ota.bin")), "the staged chunk is gone");
        // confirmed: a later reset keeps the new app (no rollback)
        assertEquals(0, run("reset", "-hr", "-@", NAME), err());
        fx.awaitOnline(60_000, NAME);
        assertEquals("ota_1", eval("from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])"));
    }

    @Test
    @Order(12)
    void aHashMismatchNeverSetsBoot() throws Exception {
        byte[] img = TestFirmware.app(10_000, "v2.0.0", TestFirmware.CHIP_ESP32, 5);
        Files.write(work().resolve("chunk.bin"), img);
        assertEquals(0, run("put", "chunk.bin", "-@", NAME), err());
        // a wrong expected hash: everything is written, nothing is set to boot
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("exec", NAME, "import upyd_ota\nprint(upyd_ota.begin(" + img.length
                + ", '" + "ab".repeat(32) + "'))\nprint(upyd_ota.feed('/chunk.bin'))\nupyd_ota.finish()"));
        assertTrue(out().contains("('ota_0', 1572864, 'ota_1')\n3\n"), out());
        assertTrue(err().contains("ValueError: SHA mismatch calc:"), err());
        assertTrue(err().contains("check=" + "ab".repeat(32)), err());
        // the right hash, but the flash did not keep what was written
        assertEquals(0, run("put", "chunk.bin", "-@", NAME), err());
        assertEquals(0, run("exec", NAME, "import upyd_ota\nupyd_ota.begin(" + img.length + ", '"
                + OtaTestAccess.paddedSha256(img) + "')\nprint(upyd_ota.feed('/chunk.bin'))"), err());
        byte[] part = Files.readAllBytes(flash("ota_0.bin"));
        part[5000] ^= (byte) 0x80;
        Files.write(flash("ota_0.bin"), part);
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("exec", NAME, "import upyd_ota\nupyd_ota.finish()"));
        assertTrue(err().contains("ValueError: SHA mismatch calc:"), err());
        assertEquals("ota_1 valid ota_0", otadata("boot") + " " + otadata("state") + " " + otadata("previous"),
                "the boot choice is untouched");
        assertEquals(0, run("reset", "-hr", "-@", NAME), err());
        fx.awaitOnline(60_000, NAME);
        assertEquals("ota_1", eval("from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])"));
    }

    @Test
    @Order(13)
    void anUpdateCutOffHalfWayReportsFailureAndBootsTheOldApp() throws Exception {
        // the chunk can never land: a directory sits where upyd_ota's staged chunk goes
        Files.createDirectories(dev.deviceDir().resolve(".upyd_ota.bin"));
        try {
            Files.write(work().resolve("micropython.bin"), app);
            int code = run("ota", "micropython.bin", "-@", NAME);
            assertTrue(code != 0, "exit " + code);
            assertTrue(out().contains("Starting OTA Firmware update...\n"), out());
            assertTrue(out().endsWith("OTA Firmware Update Failed.\n"), out());
            assertTrue(err().contains("sending the image failed at byte 0"), err());
            assertEquals("ota_1", otadata("boot"), "boot untouched");
        } finally {
            Files.delete(dev.deviceDir().resolve(".upyd_ota.bin"));
        }
        assertEquals("ota_1 ota_1", eval("from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4], P(P.BOOT).info()[4])"));
        // and the next update goes through, back into ota_0 (an .app-bin as it is)
        assertEquals(0, run("ota", "micropython.bin", "--no-confirm", "-@", NAME), err());
        assertTrue(out().contains(NAME + ": online again, running ota_0 (pending verification: --no-confirm)"), out());
        assertEquals("ota_0 pending", otadata("boot") + " " + otadata("state"));
    }
}
