package dev.upyd.cli.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.upyd.cli.CliHarness;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fw / fwr against a real HTTP server on 127.0.0.1 serving a board page in micropython.org's shape. */
class FwCommandTest {
    static final String B = "ESP32_GENERIC";
    static final String PAGE = """
            <!DOCTYPE html><html><head><title>MicroPython - Python for microcontrollers</title></head><body>
            <h1>ESP32 / WROOM</h1><p>Vendor: Espressif</p>
            <h2>Installation instructions</h2><p>Program your board using the esptool.py program ...</p>
            <h2>Firmware</h2>
            <h3>Releases</h3>
            <strong><a href="/resources/firmware/ESP32_GENERIC-20241129-v1.24.1.bin">v1.24.1 (2024-11-29) .bin</a></strong>
              [<a href="/resources/firmware/ESP32_GENERIC-20241129-v1.24.1.app-bin">.app-bin</a>]
              [<a href="/resources/firmware/ESP32_GENERIC-20241129-v1.24.1.elf">.elf</a>]
              [<a href="https://github.com/micropython/micropython/releases/tag/v1.24.1">Release notes</a>] (latest)<br>
            <a href="/resources/firmware/ESP32_GENERIC-20240602-v1.23.0.bin">v1.23.0 (2024-06-02) .bin</a>
              [<a href='/resources/firmware/ESP32_GENERIC-20240602-v1.23.0.app-bin'>.app-bin</a>]<br>
            <h3>Firmware (Support for OTA)</h3>
            <a href="/resources/firmware/ESP32_GENERIC-OTA-20240602-v1.23.0.bin">v1.23.0 (2024-06-02) .bin</a><br>
            </body></html>
            """;

    @TempDir
    Path tmp;
    HttpServer server;
    CliHarness cli;
    final byte[] appBin = TestFirmware.app(5000, "v1.24.1", 0, 7);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> files = Map.of(
                "/download/" + B + "/", PAGE.getBytes(StandardCharsets.UTF_8),
                "/resources/firmware/ESP32_GENERIC-20241129-v1.24.1.app-bin", appBin,
                "/resources/firmware/ESP32_GENERIC-20241129-v1.24.1.bin", new byte[] {1, 2, 3});
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
            ex.close();
        });
        server.start();
        cli = new CliHarness(tmp);
        cli.cwd = Files.createDirectories(tmp.resolve("work"));
        cli.env.put("UPYD_FW_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/download/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void listsEveryFirmwareFileInPageOrder() {
        assertEquals(0, cli.run("fwr", "list", "-b", B), cli.err);
        assertEquals("""
                Firmware versions found for ESP32_GENERIC:
                - ESP32_GENERIC-20241129-v1.24.1.bin
                - ESP32_GENERIC-20241129-v1.24.1.app-bin
                - ESP32_GENERIC-20241129-v1.24.1.elf
                - ESP32_GENERIC-20240602-v1.23.0.bin
                - ESP32_GENERIC-20240602-v1.23.0.app-bin
                - ESP32_GENERIC-OTA-20240602-v1.23.0.bin
                """, cli.out);
        assertEquals(0, cli.run("fw", "-b", B, "-n", "OTA"), cli.err); // list is the default action
        assertEquals("Firmware versions found for ESP32_GENERIC-OTA:\n- ESP32_GENERIC-OTA-20240602-v1.23.0.bin\n", cli.out);
        assertEquals(0, cli.run("fw", "list", "latest", "-b", B, "-n", "bin"), cli.err);
        assertEquals("Latest Firmware versions found for ESP32_GENERIC:\n- ESP32_GENERIC-20241129-v1.24.1.bin\n"
                + "- ESP32_GENERIC-20241129-v1.24.1.app-bin\n", cli.out);
        assertEquals(0, cli.run("fw", "latest", "-b", B, "-n", "def"), cli.err);
        assertEquals("Latest Firmware versions found for ESP32_GENERIC:\n- ESP32_GENERIC-20241129-v1.24.1.bin\n", cli.out);
    }

    @Test
    void getLatestDownloadsIntoTheWorkingDirectory() throws Exception {
        assertEquals(0, cli.run("fwr", "get", "latest", "-b", B, "-n", "app-bin"), cli.err);
        assertEquals("""
                Latest version found for ESP32_GENERIC:
                - ESP32_GENERIC-20241129-v1.24.1.app-bin
                Firmware selected: ESP32_GENERIC-20241129-v1.24.1.app-bin
                Downloading ESP32_GENERIC-20241129-v1.24.1.app-bin ...
                Done! ESP32_GENERIC-20241129-v1.24.1.app-bin  %d bytes
                """.formatted(appBin.length), cli.out);
        Path got = cli.cwd.resolve("ESP32_GENERIC-20241129-v1.24.1.app-bin");
        assertArrayEquals(appBin, Files.readAllBytes(got));
        assertArrayEquals(appBin, AppImage.read(got).bytes(), "what fw gets, ota takes");
        assertEquals(0, cli.run("fw", "get", "ESP32_GENERIC-20241129-v1.24.1.bin", "-b", B), cli.err);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(cli.cwd.resolve("ESP32_GENERIC-20241129-v1.24.1.bin")));
    }

    @Test
    void failuresSayWhyAndKeepNoFile() throws Exception {
        assertEquals(Main.ExitCodes.USAGE, cli.run("fw", "list", "-b", "NOPE"));
        assertEquals("No firmware available that match: NOPE\n", cli.out);
        assertEquals(Main.ExitCodes.USAGE, cli.run("fw", "list"));
        assertTrue(cli.err.contains("indicate a device platform with -b option"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("fw", "update", "-b", B));
        assertTrue(cli.err.contains("never implemented"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("fw", "get", "nothing.bin", "-b", B));
        assertTrue(cli.err.contains("no firmware named nothing.bin"), cli.err);
        // a download cut short: the page links a file the server stops sending half way
        server.removeContext("/");
        server.createContext("/download/" + B + "/", ex -> {
            byte[] page = "<a href=\"/resources/firmware/cut.bin\">x</a>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        server.createContext("/resources/", ex -> { // says 1000 bytes, sends 10 and goes away
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[10]);
            ex.getResponseBody().flush();
            ex.getHttpContext().getServer().stop(0);
        });
        int code = cli.run("fw", "get", "-b", B);
        assertTrue(code == Main.ExitCodes.UNREACHABLE || code == Main.ExitCodes.INTEGRITY, code + " " + cli.err);
        assertTrue(cli.err.contains("cut.bin"), cli.err);
        try (Stream<Path> s = Files.list(cli.cwd)) {
            assertFalse(s.findAny().isPresent(), "no file, not even a temporary one");
        }
        int port = server.getAddress().getPort();
        cli.env.put("UPYD_FW_URL", "http://127.0.0.1:" + port + "/download/");
        assertEquals(Main.ExitCodes.UNREACHABLE, cli.run("fw", "list", "-b", B));
        assertTrue(cli.err.contains("cannot reach http://127.0.0.1:" + port + "/download/ESP32_GENERIC/"), cli.err);
    }
}
