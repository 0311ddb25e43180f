package dev.upyd.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.sim.testkit.TestPki;
import io.vertx.core.Vertx;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host key passphrase: entry, unlock/lock, systemd credential; never in a message. */
class HostKeyringTest {
    @TempDir
    Path home;
    Vertx vertx;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        TestPki pki = TestPki.create();
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        Files.writeString(home.resolve("HOST_cert@74657374.pem"), TestPki.pem(pki.hostCertificate()));
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new JcaPKCS8Generator(pki.hostKey(), new JceOpenSSLPKCS8EncryptorBuilder(
                    JcaPKCS8Generator.AES_256_CBC).setProvider(dev.upyd.pki.Providers.BC).setIterationCount(2048)
                    .setPassword("s3cret-phrase".toCharArray()).build()));
        }
        Files.writeString(home.resolve("HOST_key@74657374.pem"), sw.toString(), StandardCharsets.US_ASCII);
    }

    @AfterEach
    void tearDown() {
        vertx.close();
    }

    private HostKeyring keyring(Map<String, String> env) {
        java.util.HashMap<String, String> e = new java.util.HashMap<>(env);
        e.put("UPYD_HOME", home.toString());
        return new HostKeyring(vertx, DaemonSettings.of(e, new Properties()));
    }

    @Test
    void lockedUntilUnlockedAndLockForgets() throws Exception {
        HostKeyring k = keyring(Map.of());
        assertFalse(k.hasPassphrase());
        LinkException locked = assertThrows(LinkException.class, () -> k.tlsClient(null));
        assertEquals(LinkException.Kind.LOCKED, locked.kind());
        assertTrue(locked.getMessage().contains("upyd unlock"), locked.getMessage());

        LinkException wrong = assertThrows(LinkException.class, () -> k.unlock("nope-nope".toCharArray()));
        assertEquals(LinkException.Kind.AUTH, wrong.kind());
        assertFalse(wrong.getMessage().contains("nope-nope"));

        k.unlock("s3cret-phrase".toCharArray());
        assertNotNull(k.tlsClient(null));
        assertEquals(1, k.trustAnchors().size());
        k.lock();
        assertEquals(LinkException.Kind.LOCKED, assertThrows(LinkException.class, () -> k.tlsClient(null)).kind());
    }

    @Test
    void entryPassphraseOpensTheKeyAndAWrongOneSaysSoWithoutShowingIt() throws Exception {
        HostKeyring k = keyring(Map.of());
        LinkException e = assertThrows(LinkException.class, () -> k.tlsClient("bad-entry-phrase"));
        assertFalse(e.getMessage().contains("bad-entry-phrase"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
        assertNotNull(k.tlsClient("s3cret-phrase"));
    }

    @Test
    void systemdCredentialIsUsed() throws Exception {
        Path creds = Files.createDirectories(home.resolve("creds"));
        Files.writeString(creds.resolve(HostKeyring.CREDENTIAL_NAME), "s3cret-phrase\n");
        HostKeyring k = keyring(Map.of("CREDENTIALS_DIRECTORY", creds.toString()));
        assertTrue(k.hasPassphrase());
        assertNotNull(k.tlsClient(null));
    }
}
