package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.TlsMaterial;
import dev.upyd.pki.UpydKeys;
import dev.upyd.pki.WrongPassphraseException;
import dev.upyd.pki.vertx.BcJsseEngineOptions;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The host's TLS identity (HOST key + certificate, trusted ROOT CA certificates) and the one Vert.x
 * TLS client built from it. The host key passphrase comes from (a) a group entry's
 * {@code password:passphrase}, (b) {@code upyd unlock} (held only in memory, {@code upyd lock} forgets
 * it) or (c) systemd's {@code $CREDENTIALS_DIRECTORY/upyd-host-passphrase}. It is never logged and
 * never put in an error message.
 *
 * <p>Thread-safe; decryption (PBKDF2, deliberately slow) must be called off the event loop.
 */
public final class HostKeyring {
    /** systemd LoadCredential= name of the passphrase file. */
    public static final String CREDENTIAL_NAME = "upyd-host-passphrase";
    private static final Logger LOG = Logger.getLogger(HostKeyring.class.getName());

    private final Vertx vertx;
    private final DaemonSettings settings;
    private final UpydKeys keys;
    private char[] unlocked;
    private final char[] credential;
    private TlsMaterial material;
    private NetClient tlsClient;
    private List<X509Certificate> anchors = List.of();
    /** Clients replaced by lock/unlock stay referenced: closing them would drop live sessions. */
    private final List<NetClient> retired = new ArrayList<>();

    public HostKeyring(Vertx vertx, DaemonSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.keys = UpydKeys.in(settings.home());
        this.credential = readCredential(settings);
    }

    private static char[] readCredential(DaemonSettings settings) {
        String dir = settings.environment().get("CREDENTIALS_DIRECTORY");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path p = Path.of(dir, CREDENTIAL_NAME);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            s = s.replaceAll("[\r\n]+$", "");
            LOG.info("host key passphrase provided by the service manager (" + CREDENTIAL_NAME + ")");
            return s.toCharArray();
        } catch (IOException e) {
            LOG.warning(p + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
    }

    /** True when a TLS connection can be made without asking anyone (key open or openable). */
    public synchronized boolean hasPassphrase() {
        return material != null || unlocked != null || credential != null;
    }

    /**
     * The TLS client to use for a device whose entry carries {@code entryPassphrase} (may be null).
     * Blocking: may decrypt the host key.
     */
    public synchronized NetClient tlsClient(String entryPassphrase) throws LinkException {
        if (material == null) {
            material = open(entryPassphrase);
        }
        if (tlsClient == null) {
            tlsClient = vertx.createNetClient(options(material));
        }
        return tlsClient;
    }

    /** Trusted ROOT CA certificates, as read when the key was opened. */
    public synchronized List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /** Checks the passphrase against the host key and keeps it in memory. */
    public synchronized void unlock(char[] passphrase) throws LinkException {
        TlsMaterial m = openWith(List.of(passphrase), true);
        forgetUnlocked();
        unlocked = passphrase.clone();
        replace(m);
    }

    /** Forgets the unlock passphrase and the opened key; live sessions are not dropped. */
    public synchronized void lock() {
        forgetUnlocked();
        replace(null);
    }

    private void replace(TlsMaterial m) {
        material = m;
        if (tlsClient != null) {
            retired.add(tlsClient);
            tlsClient = null;
        }
    }

    private void forgetUnlocked() {
        if (unlocked != null) {
            Arrays.fill(unlocked, '\0');
            unlocked = null;
        }
    }

    private TlsMaterial open(String entryPassphrase) throws LinkException {
        Set<char[]> tries = new LinkedHashSet<>();
        if (unlocked != null) {
            tries.add(unlocked);
        }
        if (credential != null) {
            tries.add(credential);
        }
        if (entryPassphrase != null) {
            tries.add(entryPassphrase.toCharArray());
        }
        return openWith(new ArrayList<>(tries), false);
    }

    private TlsMaterial openWith(List<char[]> passphrases, boolean explicit) throws LinkException {
        Path cert = keys.hostCert().orElseThrow(() -> new LinkException(LinkException.Kind.AUTH,
                "no host certificate (HOST_cert*.pem) in " + keys.home() + ": run `upyd kg ssl host`"));
        Path keyFile = keys.hostKey().orElseThrow();
        try {
            List<X509Certificate> trusted = keys.readTrustedCaCerts();
            if (trusted.isEmpty()) {
                throw new LinkException(LinkException.Kind.AUTH, "no ROOT CA certificate (ROOT_CA_cert.pem) in "
                        + keys.home() + ": run `upyd kg ssl CA`");
            }
            List<X509Certificate> chain = KeyFiles.readCertificates(cert);
            PrivateKey key = null;
            if (!KeyFiles.isEncrypted(keyFile)) {
                key = KeyFiles.readPrivateKey(keyFile, null);
            } else {
                if (passphrases.isEmpty()) {
                    throw new LinkException(LinkException.Kind.LOCKED, "the host key " + keyFile.getFileName()
                            + " is encrypted and no passphrase is known: run `upyd unlock`"
                            + " (or configure password:passphrase)");
                }
                WrongPassphraseException wrong = null;
                for (char[] p : passphrases) {
                    try {
                        key = KeyFiles.readPrivateKey(keyFile, p);
                        break;
                    } catch (WrongPassphraseException e) {
                        wrong = e;
                    }
                }
                if (key == null) {
                    throw new LinkException(explicit ? LinkException.Kind.AUTH : LinkException.Kind.LOCKED,
                            "wrong passphrase for the host key " + keyFile.getFileName(), wrong);
                }
            }
            anchors = List.copyOf(trusted);
            return TlsMaterial.of(key, chain, trusted);
        } catch (KeyFileException e) {
            throw new LinkException(LinkException.Kind.AUTH, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new LinkException(LinkException.Kind.AUTH, "host TLS material unusable: " + e.getMessage(), e);
        }
    }

    private NetClientOptions options(TlsMaterial m) {
        NetClientOptions o = new NetClientOptions()
                .setSsl(true)
                .setSslEngineOptions(new BcJsseEngineOptions())
                // Netty's wrapper: Vert.x's own (KeyCertOptions.wrap(X509KeyManager)) needs slf4j, which the daemon does not ship
                .setKeyCertOptions(KeyCertOptions.wrap(new KeyManagerFactoryWrapper(m.identity()))) // sent even if the device names other CAs
                .setTrustOptions(TrustOptions.wrap(DeviceTrustManager.factory(m.trustManagers())))
                .setEnabledSecureTransportProtocols(Set.of(TlsMaterial.PROTOCOL))
                // upydev's SANs are "wss://host:port" strings no HTTPS verifier accepts; DeviceIdentity checks instead
                .setHostnameVerificationAlgorithm("")
                .setConnectTimeout((int) settings.getLong(DaemonSettings.CONNECT_TIMEOUT))
                .setSslHandshakeTimeout(settings.getLong(DaemonSettings.HANDSHAKE_TIMEOUT))
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true);
        for (String s : TlsMaterial.CIPHER_SUITES) {
            o.addEnabledCipherSuite(s);
        }
        return o;
    }

    /** The plain-ws client options (no TLS). */
    public static NetClientOptions plainOptions(DaemonSettings settings) {
        return new NetClientOptions()
                .setConnectTimeout((int) settings.getLong(DaemonSettings.CONNECT_TIMEOUT))
                .setTcpNoDelay(true);
    }
}
