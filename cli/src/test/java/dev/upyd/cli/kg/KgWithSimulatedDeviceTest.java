package dev.upyd.cli.kg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.DeviceIdentity;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import dev.upyd.pki.UpydKeys;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code kg} makes, on the simulated device (its TLS server is BCJSSE with client certificates
 * required, like wss_repl): the device presents our device certificate, accepts our host certificate and
 * refuses one from another CA. The upload goes through {@link DirectoryDeviceLink} into the sim's flash
 * directory until the daemon's WebREPL upload exists.
 */
class KgWithSimulatedDeviceTest {
    static final String UID = "240ac4e0c0de";
    static final String HOST_PASS = "sim host pass";

    @TempDir
    Path tmp;
    SimulatedDevice sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    KgHarness kgIn(Path home, String user) throws Exception {
        KgHarness kg = new KgHarness(home, Files.createDirectories(tmp.resolve("cwd"))).secret("UPYD_CA_PASSPHRASE",
                "sim ca pass").secret("UPYD_HOST_PASSPHRASE", HOST_PASS);
        kg.env.put("USER", user);
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "CA").exit());
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "host").exit());
        return kg;
    }

    /** Handshakes as the daemon will: BCJSSE, TLS 1.2, CCM_8, our host pair; returns the device's chain. */
    static List<X509Certificate> connect(Path home, int port) throws Exception {
        UpydKeys keys = UpydKeys.in(home);
        PrivateKey key = KeyFiles.readPrivateKey(keys.hostKey().orElseThrow(), HOST_PASS.toCharArray());
        TlsMaterial m = TlsMaterial.of(key, List.of(KeyFiles.readCertificate(keys.hostCert().orElseThrow())),
                keys.readTrustedCaCerts());
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", Providers.BCJSSE);
        ctx.init(m.keyManagers().getKeyManagers(), m.trustManagers().getTrustManagers(), new SecureRandom());
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"});
            s.startHandshake();
            // TLS 1.2: a refused client certificate ends the handshake with an alert, never later
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", s.getSession().getCipherSuite());
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : s.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return chain;
        }
    }

    @Test
    void simulatedDeviceUsesKgFilesAndAcceptsOnlyOurHost() throws Exception {
        Path home = tmp.resolve("home");
        Path flash = tmp.resolve("flash");
        TestPki.writeWebreplConfig(flash, "testpass");
        KgHarness kg = kgIn(home, "tester");
        kg.link = new DirectoryDeviceLink(flash, UID, false);
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "CA", "-tfkey", "-@", "sim1", "--force").exit());
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "host", "--force").exit()); // host pair of the new CA
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "dev", "-@", "sim1", "-t", "127.0.0.1", "-tfkey").exit());
        sim = SimulatedDevice.start(SimSettings.builder(flash).name("sim1").port(0).tls(true).uid(UID)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200).build());
        List<X509Certificate> chain = connect(home, sim.port());
        UpydKeys keys = UpydKeys.in(home);
        assertEquals(KeyFiles.readCertificate(keys.deviceCert(UID)), chain.get(0));
        DeviceIdentity.verify(chain, keys.readTrustedCaCerts(), "127.0.0.1", sim.port());

        // a new device key, uploaded again: the restarted device presents the new certificate
        assertEquals(ExitCodes.OK, kg.run("kg", "ssl", "dev", "-@", "sim1", "-t", "127.0.0.1", "-tfkey").exit());
        sim.restart();
        List<X509Certificate> after = connect(home, sim.port());
        assertEquals(KeyFiles.readCertificate(keys.deviceCert(UID)), after.get(0));

        // a host with a certificate from another CA is refused by the device
        Path stranger = tmp.resolve("stranger");
        kgIn(stranger, "stranger");
        Files.copy(keys.caCert(), stranger.resolve("ROOT_CA_cert.pem"), // it trusts our CA, the device not it
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> connect(stranger, sim.port()));
        org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(refused.getMessage()).contains("handshake_failure")
                || refused instanceof SSLException, refused.toString());
    }
}
