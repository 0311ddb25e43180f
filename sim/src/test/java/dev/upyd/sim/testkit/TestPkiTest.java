package dev.upyd.sim.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.Providers;
import dev.upyd.sim.DeviceFiles;
import dev.upyd.sim.SimulatedDevice;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {
    @TempDir
    Path dir;

    @Test
    void deviceFilesAreWhatABoardReads() throws Exception {
        TestPki pki = TestPki.create();
        pki.writeDeviceFiles(dir, "240ac4e0c0de", "esp", 8833, 9000);
        byte[] key = Files.readAllBytes(dir.resolve("SSL_key240ac4e0c0de.der"));
        assertEquals(0x30, key[0] & 0xff);
        // SEC1 with curve parameters, readable by the same code the sim uses
        KeyFiles.readPrivateKey(dir.resolve(DeviceFiles.keyFileName("240ac4e0c0de")), null);
        X509Certificate c = KeyFiles.readCertificate(dir.resolve("SSL_certificate240ac4e0c0de.der"));
        List<String> names = c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
        assertTrue(names.containsAll(List.of("wss://127.0.0.1:8833", "wss://127.0.0.1:9000", "localhost", "127.0.0.1")),
                names.toString());
        c.verify(pki.caCertificate().getPublicKey(), Providers.BC);
        assertEquals(pki.caCertificate(), KeyFiles.readCertificate(dir.resolve("ROOT_CA_cert.pem")));
    }

    @Test
    void startLightGivesADeviceWhoseCertificatePassesHostnameChecks() throws Exception {
        TestPki pki = TestPki.create();
        try (SimulatedDevice dev = SimDevices.startLight(dir, pki, "esp")) {
            SSLContext ctx = SSLContext.getInstance("TLS", Providers.BCJSSE);
            ctx.init(pki.hostTls().keyManagers().getKeyManagers(), pki.hostTls().trustManagers().getTrustManagers(),
                    new SecureRandom());
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", dev.port()), 5000);
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "127.0.0.1", dev.port(), true);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.setSoTimeout(5000);
                s.startHandshake();
                X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                List<String> names = peer.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1)))
                        .toList();
                assertTrue(names.contains("wss://127.0.0.1:" + dev.port()), names.toString());
                s.close();
            }
        }
    }
}
