package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated board negotiates TLS like a board's mbedTLS: the suites it accepts and, when a client offers
 * several, the one it picks by its own preference order. Every offer of capture 20 (a MicroPython 1.28 board,
 * mbedTLS 3.6) is replayed with a BCJSSE client and must end the same way: the same suite, or a refusal.
 */
class CipherPreferenceTest {
    /** OpenSSL's names in the capture, as JSSE names them. */
    private static final Map<String, String> IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"),
            Map.entry("ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"),
            Map.entry("ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
            Map.entry("ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    private static final Pattern PROBE = Pattern.compile(
            "(ACCEPTED|REJECTED) offered=(TLSv1_[23])/([A-Za-z0-9:-]+) -> (?:TLSv1\\.2 ([A-Z0-9-]+)|SSLError)");

    static TestPki pki;
    static SimulatedDevice dev;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws SimException {
        pki = TestPki.create();
        SimDevices.prepareDeviceDir(dir, pki, "dev0", SimDevices.UID, SimDevices.PASSWORD, 8833);
        dev = SimulatedDevice.start(SimSettings.builder(dir).port(0).backend(SimSettings.BackendKind.LIGHT).build());
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.stop();
        }
    }

    record Probe(String protocol, List<String> offered, String picked) {
    }

    static List<Probe> captured() throws IOException {
        Path f = TranscriptReplayTest.TRANSCRIPTS.resolve("20_tls_cipher_probe.jsonl");
        assumeTrue(Files.isRegularFile(f), "capture " + f + " is not on this machine");
        List<Probe> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            Matcher m = PROBE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String protocol = m.group(2).replace('_', '.');
            List<String> offered = m.group(3).equals("None") || m.group(3).equals("DEFAULT") ? List.of()
                    : Arrays.stream(m.group(3).split(":")).map(IANA::get).toList();
            assertFalse(offered.stream().anyMatch(java.util.Objects::isNull),
                    "a suite of the capture has no JSSE name here: " + line);
            String picked = m.group(1).equals("ACCEPTED") ? IANA.get(m.group(4)) : null;
            out.add(new Probe(protocol, offered, picked));
        }
        return out;
    }

    /** Handshakes offering exactly {@code suites} (empty = the client's defaults) and returns the suite. */
    static String handshake(String protocol, List<String> suites) throws Exception {
        // one client at a time, like a board: the previous handshake's session must have ended
        LightDeviceTest.waitFor(() -> !dev.hasClient());
        TlsMaterial host = pki.hostTls();
        SSLContext ctx = SSLContext.getInstance("TLS", Providers.BCJSSE);
        ctx.init(host.keyManagers().getKeyManagers(), host.trustManagers().getTrustManagers(), new SecureRandom());
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", dev.port()), 5000);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "127.0.0.1", dev.port(), true)) {
            s.setSoTimeout(5000);
            s.setEnabledProtocols(new String[] {protocol});
            if (!suites.isEmpty()) {
                s.setEnabledCipherSuites(suites.toArray(String[]::new));
            }
            s.startHandshake();
            return s.getSession().getCipherSuite();
        }
    }

    @Test
    void everyOfferOfTheBoardCaptureEndsAsItDidOnTheBoard() throws Exception {
        List<Probe> probes = captured();
        assertEquals(15, probes.size(), "capture 20 has 15 offers");
        for (Probe p : probes) {
            if (p.picked() != null) {
                assertEquals(p.picked(), handshake(p.protocol(), p.offered()), "offer " + p);
            } else {
                assertThrows(IOException.class, () -> handshake(p.protocol(), p.offered()), "offer " + p);
            }
        }
    }

    @Test
    void theDaemonsOfferGetsAes256GcmAsFromMbedTls() throws Exception {
        // the daemon lists CCM_8 first; a board's mbedTLS still picks by its own order
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", handshake("TLSv1.2", TlsMaterial.CIPHER_SUITES));
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", handshake("TLSv1.2",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")));
    }

    @Test
    void upydevsCcm8OnlyOfferStillConnects() throws Exception {
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", handshake("TLSv1.2",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8")));
        assertTrue(dev.stats().tlsHandshakesCompleted() > 0);
    }
}
