package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's side of WebSecureREPL played by {@code openssl s_server} with our device files, the
 * host's by {@code openssl s_client} with our host files: TLS 1.2, ECDHE-ECDSA-AES128-CCM8, mutual.
 */
class MutualTlsOpensslTest {
    static final String CA_PASS = "ca pass";
    static final String HOST_PASS = "host pass";
    static final String UID = "240ac4e0c0de";

    @TempDir
    static Path home;
    @TempDir
    static Path foreign;
    static String hostCert;
    static String hostKey;
    Process server;
    StringBuilder serverOut;

    @BeforeAll
    static void makeBothSets() throws Exception {
        Openssl.assumePresent();
        hostCert = "HOST_cert@" + HostId.of("tester", 10) + ".pem";
        hostKey = hostCert.replace("cert", "key");
        makeSet(home);
        makeSet(foreign);
    }

    static void makeSet(Path dir) throws Exception {
        HostFacts facts = new HostFacts("linux", "h", "tester", HostId.of("tester", 10),
                InetAddress.getLoopbackAddress());
        KeySetup setup = new KeySetup(UpydKeys.in(dir));
        Instant now = Instant.now();
        setup.installCa(CertificateIssuer.rootCa(DistinguishedNames.rootCa(facts), now), CA_PASS.toCharArray());
        Signer ca = setup.loadSigner(CA_PASS.toCharArray());
        setup.installHost(facts.hostId(), CertificateIssuer.host(ca, CertificateIssuer.hostSubjectAltNames(facts),
                now), HOST_PASS.toCharArray());
        Issued dev = CertificateIssuer.device(ca, DistinguishedNames.device("esp32", UID, "127.0.0.1", "dev1"),
                DeviceTarget.parse("127.0.0.1"), now);
        setup.installDevice(UID, dev);
    }

    @AfterEach
    void killServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts s_server as the device would run: our device key/cert, client certificate required. */
    int startServer(Path deviceDir, Path caDir) throws Exception {
        server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-CCM8",
                "-cert", deviceDir.resolve("SSL_certificate" + UID + ".der").toString(), "-certform", "DER",
                "-key", deviceDir.resolve("SSL_key" + UID + ".der").toString(), "-keyform", "DER",
                "-Verify", "1", "-verify_return_error", "-CAfile", caDir.resolve("ROOT_CA_cert.pem").toString())
                .redirectErrorStream(true).start();
        // s_server stops when its stdin ends, so stdin stays open until the test kills it
        serverOut = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Pattern accept = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
            try {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (serverOut) {
                        serverOut.append(line).append('\n');
                    }
                    Matcher m = accept.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // process killed
            }
            port.completeExceptionally(new IOException("s_server ended: " + serverOut));
        }, "s_server-reader");
        t.setDaemon(true);
        t.start();
        return port.get(30, TimeUnit.SECONDS);
    }

    Openssl.Result client(int port, Path hostDir, Path caDir, String verifyHostname) throws IOException {
        return Openssl.run(hostDir, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                "-cipher", "ECDHE-ECDSA-AES128-CCM8", "-brief", "-verify_return_error",
                "-CAfile", caDir.resolve("ROOT_CA_cert.pem").toString(),
                "-verify_hostname", verifyHostname,
                "-cert", hostCert, "-key", hostKey, "-pass", "pass:" + HOST_PASS);
    }

    String serverOutput() throws InterruptedException {
        server.waitFor(5, TimeUnit.SECONDS);
        synchronized (serverOut) {
            return serverOut.toString();
        }
    }

    @Test
    void ourFilesHandshakeWithCcm8AndUpydevsHostnameString() throws Exception {
        int port = startServer(home, home);
        Openssl.Result c = client(port, home, home, "wss://127.0.0.1:8833");
        assertEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("CONNECTION ESTABLISHED"), c.out());
        assertTrue(c.out().contains("Ciphersuite: ECDHE-ECDSA-AES128-CCM8"), c.out());
        assertTrue(c.out().contains("Verification: OK"), c.out());
        assertTrue(c.out().contains("Protocol version: TLSv1.2"), c.out());
        assertTrue(Files.exists(home.resolve(hostKey)));
    }

    @Test
    void aHostCertificateFromAnotherCaIsRefusedByTheDevice() throws Exception {
        int port = startServer(home, home);
        Openssl.Result c = client(port, foreign, home, "wss://127.0.0.1:8833");
        assertNotEquals(0, c.exit(), c.out());
        String s = serverOutput();
        assertTrue(s.contains("verify") || s.contains("certificate"), s);
    }

    @Test
    void aDeviceCertificateFromAnotherCaIsRefusedByTheHost() throws Exception {
        int port = startServer(foreign, foreign);
        Openssl.Result c = client(port, home, home, "wss://127.0.0.1:8833");
        assertNotEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("verify error") || c.out().contains("certificate verify failed"), c.out());
    }

    @Test
    void aDeviceCertificateForAnotherAddressFailsUpydevsCheck() throws Exception {
        int port = startServer(home, home);
        Openssl.Result c = client(port, home, home, "wss://10.0.0.9:8833");
        assertNotEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("hostname mismatch"), c.out());
    }

    @Test
    void theDaemonsJavaSideConnectsWithBcjsseAndChecksTheDevice() throws Exception {
        int port = startServer(home, home);
        UpydKeys keys = UpydKeys.in(home);
        java.security.PrivateKey key = KeyFiles.readPrivateKey(keys.hostKey().orElseThrow(), HOST_PASS.toCharArray());
        java.util.List<java.security.cert.X509Certificate> trust = keys.readTrustedCaCerts();
        TlsMaterial m = TlsMaterial.of(key, java.util.List.of(KeyFiles.readCertificate(keys.hostCert().orElseThrow())),
                trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.2", Providers.BCJSSE);
        ctx.init(m.keyManagers().getKeyManagers(), m.trustManagers().getTrustManagers(),
                new java.security.SecureRandom());
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {TlsMaterial.PROTOCOL});
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"});
            s.startHandshake();
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", s.getSession().getCipherSuite());
            java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : s.getSession().getPeerCertificates()) {
                chain.add((java.security.cert.X509Certificate) c);
            }
            DeviceIdentity.verify(chain, trust, "127.0.0.1", 8833);
            java.security.cert.CertificateException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                    java.security.cert.CertificateException.class,
                    () -> DeviceIdentity.verify(chain, trust, "192.168.1.42", 8833));
            assertTrue(wrong.getMessage().contains("but not 192.168.1.42:8833"), wrong.getMessage());
        }
    }
}
