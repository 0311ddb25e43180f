package dev.upyd.pki;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The key and certificate files of one UPYD_HOME, under upydev's names, so that an upydev package
 * directory can be used as it is. Only knows names and finds files; reading is {@link KeyFiles}.
 *
 * <pre>
 * ROOT_CA_key.pem  ROOT_CA_cert.pem          the CA that signs everything (key encrypted)
 * ~ROOT_CA_key.pem ~ROOT_CA_cert.pem         the previous CA, kept for rotation
 * HOST_key@ID.pem  HOST_cert@ID.pem          this host's client pair, ID = {@link HostId}
 * SSL_keyUID.der/.pem SSL_certificateUID.der/.pem   a device's pair (the key only until -tfkey)
 * </pre>
 */
public final class UpydKeys {
    public static final String CA_KEY = "ROOT_CA_key.pem";
    public static final String CA_CERT = "ROOT_CA_cert.pem";
    /** upydev's prefix for the previous CA pair. */
    public static final String PREVIOUS = "~";
    public static final String HOST_CERT_PREFIX = "HOST_cert";
    public static final String HOST_KEY_PREFIX = "HOST_key";
    public static final String DEVICE_CERT_PREFIX = "SSL_certificate";
    public static final String DEVICE_KEY_PREFIX = "SSL_key";

    private final Path home;

    private UpydKeys(Path home) {
        this.home = home;
    }

    public static UpydKeys in(Path home) {
        return new UpydKeys(home);
    }

    public Path home() {
        return home;
    }

    public Path caCert() {
        return home.resolve(CA_CERT);
    }

    public Path caKey() {
        return home.resolve(CA_KEY);
    }

    public Path previousCaCert() {
        return home.resolve(PREVIOUS + CA_CERT);
    }

    public Path previousCaKey() {
        return home.resolve(PREVIOUS + CA_KEY);
    }

    /** This host's certificate file name for a given {@link HostId}. */
    public Path hostCertFor(String hostId) {
        return home.resolve(HOST_CERT_PREFIX + "@" + hostId + ".pem");
    }

    public Path hostKeyFor(String hostId) {
        return home.resolve(HOST_KEY_PREFIX + "@" + hostId + ".pem");
    }

    /**
     * The host certificate upydev would present: the first {@code HOST_cert*.pem}. upydev takes the
     * directory listing's order; we sort by name so that the choice does not change between runs.
     */
    public Optional<Path> hostCert() {
        List<Path> all = list(n -> n.startsWith(HOST_CERT_PREFIX) && n.endsWith(".pem"));
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The key beside {@link #hostCert()}: the same name with "cert" replaced by "key", as upydev does. */
    public Optional<Path> hostKey() {
        return hostCert().map(c -> c.resolveSibling(c.getFileName().toString().replace("cert", "key")));
    }

    /**
     * The CA certificates a device certificate may chain to: every {@code ROOT_CA_cert*.pem}, plus
     * {@code ~ROOT_CA_cert.pem} when present, so that during a rotation devices with a certificate from
     * either CA are accepted.
     */
    public List<Path> trustedCaCerts() {
        List<Path> out = list(n -> n.startsWith(CA_CERT.substring(0, CA_CERT.length() - 4)) && n.endsWith(".pem"));
        if (Files.isRegularFile(previousCaCert())) {
            out.add(previousCaCert());
        }
        return out;
    }

    /** Reads {@link #trustedCaCerts()}; a file that cannot be read is an error, not skipped. */
    public List<X509Certificate> readTrustedCaCerts() throws KeyFileException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path p : trustedCaCerts()) {
            out.addAll(KeyFiles.readCertificates(p));
        }
        return out;
    }

    public Path deviceCert(String uid) {
        return home.resolve(DEVICE_CERT_PREFIX + uid + ".pem");
    }

    public Path deviceCertDer(String uid) {
        return home.resolve(DEVICE_CERT_PREFIX + uid + ".der");
    }

    public Path deviceKeyDer(String uid) {
        return home.resolve(DEVICE_KEY_PREFIX + uid + ".der");
    }

    public Path deviceKeyPem(String uid) {
        return home.resolve(DEVICE_KEY_PREFIX + uid + ".pem");
    }

    /** Every device certificate ({@code SSL_certificate*.pem}), sorted by name. */
    public List<Path> deviceCerts() {
        return list(n -> n.startsWith(DEVICE_CERT_PREFIX) && n.endsWith(".pem"));
    }

    /** The device UID a device certificate file is named after, e.g. {@code 30aea4233564}. */
    public static Optional<String> uidOf(Path deviceCert) {
        String n = deviceCert.getFileName().toString();
        if (!n.startsWith(DEVICE_CERT_PREFIX) || !(n.endsWith(".pem") || n.endsWith(".der"))) {
            return Optional.empty();
        }
        return Optional.of(n.substring(DEVICE_CERT_PREFIX.length(), n.length() - 4));
    }

    /**
     * The CA pair to sign with. upydev "always uses the newest ROOT CA": after a rotation the {@code ~}
     * pair may be the newer one, and then it signs.
     */
    public CaFiles signingCa() throws KeyFileException {
        if (Files.isRegularFile(previousCaKey()) && Files.isRegularFile(previousCaCert())
                && Files.isRegularFile(caCert())) {
            X509Certificate current = KeyFiles.readCertificate(caCert());
            X509Certificate previous = KeyFiles.readCertificate(previousCaCert());
            if (previous.getNotBefore().after(current.getNotBefore())) {
                return new CaFiles(previousCaKey(), previousCaCert());
            }
        }
        return new CaFiles(caKey(), caCert());
    }

    /** A CA key file and its certificate file. */
    public record CaFiles(Path key, Path cert) {
    }

    private List<Path> list(Predicate<String> name) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(home)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home)) {
            for (Path p : ds) {
                if (name.test(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + home + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
