package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.sim.backend.NodeLocator;
import dev.upyd.sim.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the client frames of the real-device captures (protocol/src/test/resources/transcripts, copied from shared/transcripts, MicroPython 1.28 with
 * upydev's wss_repl.py) against the simulator and compares what comes back: the concatenated REPL text
 * of each exchange and every binary frame. Frame boundaries are not compared (a board sends one frame
 * per write, often one per character; the simulator sends one per output chunk). Skipped when the
 * captures are not on this machine.
 */
class TranscriptReplayTest {
    // the protocol module keeps a copy of the captures in the repository (surefire runs in the module folder)
    static final Path TRANSCRIPTS = Path.of(System.getProperty("upyd.transcripts", "../protocol/src/test/resources/transcripts"));
    private static final Pattern DIR = Pattern.compile("\"dir\": \"(c2s|s2c)\"");
    private static final Pattern KIND = Pattern.compile("\"kind\": \"(text|binary)\"");
    private static final Pattern HEX = Pattern.compile("\"hex\": \"([0-9a-f]*)\"");

    @TempDir
    Path dir;
    SimulatedDevice dev;

    @AfterEach
    void stop() {
        if (dev != null) {
            dev.stop();
        }
    }

    /** One client frame and what the device sent until the next client frame. */
    record Exchange(boolean clientText, byte[] sent, String replyText, List<byte[]> replyBinary) {
    }

    static List<Exchange> exchanges(String file) throws IOException {
        Path f = TRANSCRIPTS.resolve(file);
        assumeTrue(Files.isRegularFile(f), "capture " + f + " is not on this machine");
        List<Exchange> out = new ArrayList<>();
        boolean text = false;
        byte[] sent = null;
        StringBuilder reply = new StringBuilder();
        List<byte[]> bins = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            Matcher d = DIR.matcher(line);
            Matcher k = KIND.matcher(line);
            Matcher h = HEX.matcher(line);
            if (!d.find() || !k.find() || !h.find()) {
                continue;
            }
            byte[] payload = HexFormat.of().parseHex(h.group(1));
            if (d.group(1).equals("c2s")) {
                if (sent != null) {
                    out.add(new Exchange(text, sent, reply.toString(), bins));
                }
                text = k.group(1).equals("text");
                sent = payload;
                reply = new StringBuilder();
                bins = new ArrayList<>();
            } else if (sent != null) {
                if (k.group(1).equals("text")) {
                    reply.append(new String(payload, StandardCharsets.ISO_8859_1));
                } else {
                    bins.add(payload);
                }
            }
        }
        if (sent != null) {
            out.add(new Exchange(text, sent, reply.toString(), bins));
        }
        return out;
    }

    void startDevice(SimSettings.BackendKind backend) throws SimException {
        TestPki.writeWebreplConfig(dir, "testpass");
        dev = SimulatedDevice.start(SimSettings.builder(dir).port(0).tls(false).uid("240ac4e0c0de").backend(backend)
                .rebootDelayMs(200).build());
    }

    /** Replays {@code exchanges} (the login is the first) and returns the differences, empty when identical. */
    /** The concatenated REPL text both sides produced in the last replay (frame and exchange boundaries aside). */
    final StringBuilder deviceStream = new StringBuilder();
    final StringBuilder simStream = new StringBuilder();
    final List<String> binaryDiffs = new ArrayList<>();

    List<String> replay(List<Exchange> exchanges, byte[] versionSeen, byte[] versionWanted) throws IOException {
        List<String> diffs = new ArrayList<>();
        deviceStream.setLength(0);
        simStream.setLength(0);
        binaryDiffs.clear();
        int owed = 0;
        try (TestClient c = TestClient.plain(dev.port())) {
            c.upgrade(false);
            c.expect("Password: ");
            c.socket.setSoTimeout(1500);
            for (Exchange e : exchanges) {
                if (e.clientText()) {
                    c.sendText(e.sent());
                } else {
                    c.sendBinary(e.sent());
                }
                StringBuilder got = new StringBuilder();
                List<byte[]> bins = new ArrayList<>();
                deviceStream.append(e.replyText());
                // text the sim sent early (before this exchange) counts: boundaries move with output timing
                owed = deviceStream.length() - simStream.length();
                while (got.length() < owed || bins.size() < e.replyBinary().size()) {
                    TestClient.Frame f;
                    try {
                        f = c.readFrame();
                    } catch (java.net.SocketTimeoutException timeout) {
                        break; // less than the board sent: reported below
                    }
                    if (f == null) {
                        break;
                    }
                    if (f.opcode() == 1) {
                        got.append(f.text());
                    } else if (f.opcode() == 2) {
                        bins.add(f.payload());
                    }
                }
                simStream.append(got);
                if (!got.toString().equals(e.replyText())) {
                    diffs.add("after " + TestClient.esc(new String(e.sent(), StandardCharsets.ISO_8859_1)) + ": device '"
                            + TestClient.esc(e.replyText()) + "' sim '" + TestClient.esc(got.toString()) + "'");
                }
                for (int i = 0; i < e.replyBinary().size(); i++) {
                    byte[] want = e.replyBinary().get(i);
                    if (java.util.Arrays.equals(want, versionSeen)) {
                        want = versionWanted;
                    }
                    byte[] have = i < bins.size() ? bins.get(i) : new byte[0];
                    if (!java.util.Arrays.equals(want, have)) {
                        binaryDiffs.add("binary reply " + i);
                        diffs.add("binary reply " + i + " after " + HexFormat.of().formatHex(e.sent(), 0,
                                Math.min(8, e.sent().length)) + ": device " + HexFormat.of().formatHex(want) + " sim "
                                + HexFormat.of().formatHex(have));
                    }
                }
            }
        }
        return diffs;
    }

    static final byte[] V128 = {1, 28, 0};
    static final byte[] V127 = {1, 27, 0};

    @Test
    void plainWsLoginReplPutGetGetVerMatchTheBoardWithTheLightBackend() throws Exception {
        List<Exchange> ex = exchanges("22_ws_login_repl_put_get.jsonl");
        startDevice(SimSettings.BackendKind.LIGHT);
        // the only expected difference: GET_VER reports the simulated 1.27.0, the capture's board 1.28.0
        assertEquals(List.of(), replay(ex, V128, V127));
        byte[] put = Files.readAllBytes(dir.resolve("ws_put.txt"));
        assertEquals(200, put.length);
    }

    @Test
    void plainWsLoginReplPutGetGetVerMatchTheBoardWithMicroPython() throws Exception {
        List<Exchange> ex = exchanges("22_ws_login_repl_put_get.jsonl");
        assumeMicroPython();
        startDevice(SimSettings.BackendKind.MICROPYTHON);
        assertEquals(List.of(), replay(ex, V128, V127));
    }

    @Test
    void rawReplMatchesTheBoardWithMicroPython() throws Exception {
        List<Exchange> ex = exchanges("02_wss_raw_repl.jsonl");
        assumeMicroPython();
        startDevice(SimSettings.BackendKind.MICROPYTHON);
        // login, enter raw, print/print, an exception, UTF-8 output; os.uname() differs by design (platform)
        assertEquals(List.of(), replay(ex.subList(0, 5), V128, V127));
    }

    @Test
    void rawReplMatchesTheBoardWithTheLightBackend() throws Exception {
        List<Exchange> ex = exchanges("02_wss_raw_repl.jsonl");
        startDevice(SimSettings.BackendKind.LIGHT);
        // login, enter raw, print/print: the light subset has no 'raise'
        assertEquals(List.of(), replay(ex.subList(0, 3), V128, V127));
    }

    @Test
    void friendlyReplSessionMatchesTheBoardWithBothBackends() throws Exception {
        // echo, print, expression, a for block with auto-indent and backspace, sys.stdout.write, NameError,
        // UTF-8 dropped by readline, a 200-character line
        List<Exchange> ex = exchanges("01_wss_login_friendly_repl.jsonl");
        startDevice(SimSettings.BackendKind.LIGHT);
        List<String> diffs = replay(ex, V128, V127);
        assertEquals(List.of(), diffs, "light backend, per exchange");
        dev.stop();
        dev = null;
        assumeMicroPython();
        dir = Files.createTempDirectory(dir, "mp");
        startDevice(SimSettings.BackendKind.MICROPYTHON);
        replay(ex, V128, V127);
        // the interpreter may echo the auto-indent with the prompt or with the next key: compare the stream
        assertEquals(TestClient.esc(deviceStream.toString()), TestClient.esc(simStream.toString()));
    }

    @Test
    void rawReplAndRawPasteMatchTheBoardWithMicroPythonExceptPlatformText() throws Exception {
        List<Exchange> ex = exchanges("02_wss_raw_repl.jsonl");
        assumeMicroPython();
        startDevice(SimSettings.BackendKind.MICROPYTHON);
        replay(ex, V128, V127);
        assertEquals(List.of(), binaryDiffs);
        // os.uname()/os.listdir() and the Ctrl-B banner name the platform: the capture is a unix-port emulation
        // of 1.28.0 with upydev's files on its flash, the simulator the 1.27.0 WebAssembly build dressed as an ESP32
        String board = deviceStream.toString()
                .replace("(sysname='linux', nodename='linux', release='1.28.0', version='v1.28.0 on 2026-04-06', "
                        + "machine='ESP32 emulation (unix port) with x86_64-linux')",
                        "(sysname='esp32', nodename='esp32', release='1.27.0', version='v1.27.0 on 2025-12-10', "
                                + "machine='ESP32 module with ESP32')")
                .replace("['boot.py', 'webrepl_cfg.py', 'ROOT_CA_cert.pem', 'SSL_key240ac4e0c0de.der', 'wss_helper.py', "
                        + "'SSL_certificate240ac4e0c0de.der', 'wss_repl.py']", "['webrepl_cfg.py']")
                .replace("MicroPython v1.28.0 on 2026-04-06; ESP32 emulation (unix port) with x86_64-linux",
                        "MicroPython v1.27.0 on 2025-12-10; ESP32 module with ESP32");
        String sim = simStream.toString().replace("'.sim_uid', ", "").replace(", '.sim_uid'", "");
        assertEquals(TestClient.esc(board), TestClient.esc(sim));
    }

    static void assumeMicroPython() {
        try {
            assumeTrue(NodeLocator.packageInstalled(NodeLocator.script(null)), "sim/node/node_modules missing");
        } catch (SimException e) {
            assumeTrue(false, e.getMessage());
        }
    }
}
