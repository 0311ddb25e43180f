package dev.upyd.pki;

import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The changes {@code upyd kg ssl ...} makes to a UPYD_HOME, each one all-or-nothing ({@link FileBatch}):
 * key files 0600, the directory 0700, upydev's file names. Deciding whether to ask the user, and
 * asking, is the caller's job.
 */
public final class KeySetup {
    public static final String KEY_PERMS = "rw-------";
    /** Certificates are public, but the directory is private anyway; upydev leaves them at the umask. */
    public static final String CERT_PERMS = "rw-r--r--";

    private final UpydKeys keys;

    public KeySetup(UpydKeys keys) {
        this.keys = keys;
    }

    public UpydKeys keys() {
        return keys;
    }

    public boolean hasCa() {
        return Files.isRegularFile(keys.caCert());
    }

    /**
     * Writes a new CA pair (key encrypted with {@code passphrase}); an existing pair becomes
     * {@code ~ROOT_CA_key.pem} / {@code ~ROOT_CA_cert.pem}, as upydev keeps it for rotation.
     */
    public void installCa(Issued ca, char[] passphrase) throws IOException {
        byte[] key = KeyEncodings.encryptedPkcs8Pem(ca.keyPair().getPrivate(), passphrase);
        byte[] cert = KeyEncodings.certificatePem(ca.certificate());
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            if (hasCa()) {
                // the old pair moves aside first; cert before key, so a half-done move is undone as a whole
                b.move(keys.caCert(), keys.previousCaCert()).move(keys.caKey(), keys.previousCaKey());
            }
            b.write(keys.caCert(), cert, CERT_PERMS).write(keys.caKey(), key, KEY_PERMS);
            b.commit();
        }
    }

    /** Opens the CA that signs (the newest of the current and the {@code ~} pair). */
    public Signer loadSigner(char[] passphrase) throws KeyFileException {
        UpydKeys.CaFiles ca = keys.signingCa();
        if (!Files.isRegularFile(ca.cert())) {
            throw new KeyFileException(ca.cert(), "does not exist (create the ROOT CA first: upyd kg ssl CA)");
        }
        X509Certificate cert = KeyFiles.readCertificate(ca.cert());
        PrivateKey key = KeyFiles.readPrivateKey(ca.key(), passphrase);
        requireMatch(ca.key(), key, cert);
        return new Signer(key, cert);
    }

    /** Whether the CA key needs a passphrase (upydev's and ours do; an imported plain one may not). */
    public boolean signerEncrypted() throws KeyFileException {
        return KeyFiles.isEncrypted(keys.signingCa().key());
    }

    public void installHost(String hostId, Issued host, char[] passphrase) throws IOException {
        byte[] key = KeyEncodings.encryptedPkcs8Pem(host.keyPair().getPrivate(), passphrase);
        byte[] cert = KeyEncodings.certificatePem(host.certificate());
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            b.write(keys.hostKeyFor(hostId), key, KEY_PERMS).write(keys.hostCertFor(hostId), cert, CERT_PERMS);
            b.commit();
        }
    }

    /** All four device files in UPYD_HOME, as upydev without {@code -tfkey}. */
    public void installDevice(String uid, Issued device) throws IOException {
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            b.write(keys.deviceKeyDer(uid), KeyEncodings.sec1Der(device.keyPair()), KEY_PERMS)
                    .write(keys.deviceKeyPem(uid), KeyEncodings.sec1Pem(device.keyPair()), KEY_PERMS)
                    .write(keys.deviceCertDer(uid), KeyEncodings.certificateDer(device.certificate()), CERT_PERMS)
                    .write(keys.deviceCert(uid), KeyEncodings.certificatePem(device.certificate()), CERT_PERMS);
            b.commit();
        }
    }

    /**
     * The two files a device needs ({@code SSL_key<UID>.der}, {@code SSL_certificate<UID>.der}) written
     * into {@code dir} for upload; returns them in that order.
     */
    public static List<Path> deviceUploadFiles(Path dir, String uid, Issued device) throws IOException {
        UpydKeys tmp = UpydKeys.in(dir);
        AtomicFiles.write(tmp.deviceKeyDer(uid), KeyEncodings.sec1Der(device.keyPair()), KEY_PERMS);
        AtomicFiles.write(tmp.deviceCertDer(uid), KeyEncodings.certificateDer(device.certificate()), CERT_PERMS);
        return List.of(tmp.deviceKeyDer(uid), tmp.deviceCertDer(uid));
    }

    /**
     * After {@code -tfkey}: the host keeps only {@code SSL_certificate<UID>.pem}; any key and DER
     * certificate of that device are removed, as upydev does, so the private key lives on the device only.
     */
    public void installDeviceCertificateOnly(String uid, X509Certificate cert) throws IOException {
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            b.write(keys.deviceCert(uid), KeyEncodings.certificatePem(cert), CERT_PERMS)
                    .delete(keys.deviceKeyDer(uid)).delete(keys.deviceKeyPem(uid)).delete(keys.deviceCertDer(uid));
            b.commit();
        }
    }

    /**
     * upydev's {@code rotate}: swaps the contents of {@code ROOT_CA_*} and {@code ~ROOT_CA_*}. Both
     * pairs must exist.
     */
    public void rotateCa() throws IOException, KeyFileException {
        for (Path p : List.of(keys.caCert(), keys.caKey(), keys.previousCaCert(), keys.previousCaKey())) {
            if (!Files.isRegularFile(p)) {
                throw new KeyFileException(p, "does not exist; rotation needs both the current and the ~ pair");
            }
        }
        byte[] cert = Files.readAllBytes(keys.caCert());
        byte[] key = Files.readAllBytes(keys.caKey());
        byte[] prevCert = Files.readAllBytes(keys.previousCaCert());
        byte[] prevKey = Files.readAllBytes(keys.previousCaKey());
        try (FileBatch b = new FileBatch()) {
            b.write(keys.caCert(), prevCert, CERT_PERMS).write(keys.caKey(), prevKey, KEY_PERMS)
                    .write(keys.previousCaCert(), cert, CERT_PERMS).write(keys.previousCaKey(), key, KEY_PERMS);
            b.commit();
        }
    }

    /** Copies the CA pair, as it is on disk (key still encrypted), into {@code dir}. */
    public List<Path> exportCa(Path dir) throws IOException, KeyFileException {
        List<Path> out = new ArrayList<>();
        try (FileBatch b = new FileBatch()) {
            for (Path p : List.of(keys.caCert(), keys.caKey())) {
                if (!Files.isRegularFile(p)) {
                    throw new KeyFileException(p, "does not exist (nothing to export)");
                }
                Path to = dir.resolve(p.getFileName());
                b.write(to, Files.readAllBytes(p), p.equals(keys.caKey()) ? KEY_PERMS : CERT_PERMS);
                out.add(to);
            }
            b.commit();
        }
        return out;
    }

    /**
     * Imports a CA pair (upydev's multihost set-up: export on one host, add on the next). The files
     * are checked first: a CA certificate, and a private key file (encrypted or not); the bytes are
     * copied as they are. An existing pair is overwritten, as upydev does.
     */
    public void addCa(Path certFile, Path keyFile) throws IOException, KeyFileException {
        X509Certificate cert = KeyFiles.readCertificate(certFile);
        if (cert.getBasicConstraints() < 0) {
            throw new KeyFileException(certFile, "is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        if (!KeyFiles.isEncrypted(keyFile)) {
            requireMatch(keyFile, KeyFiles.readPrivateKey(keyFile, null), cert);
        } else if (!new String(Files.readAllBytes(keyFile), java.nio.charset.StandardCharsets.US_ASCII)
                .contains("PRIVATE KEY-----")) {
            throw new KeyFileException(keyFile, "is not a PEM private key");
        }
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            b.write(keys.caCert(), KeyEncodings.certificatePem(cert), CERT_PERMS)
                    .write(keys.caKey(), Files.readAllBytes(keyFile), KEY_PERMS);
            b.commit();
        }
    }

    /** Imports device certificates ("verify locations"); each must read as a certificate. */
    public List<Path> addCertificates(List<Path> files) throws IOException, KeyFileException {
        List<Path> out = new ArrayList<>();
        UpydHome.ensure(keys.home());
        try (FileBatch b = new FileBatch()) {
            for (Path f : files) {
                X509Certificate c = KeyFiles.readCertificate(f);
                Path to = keys.home().resolve(f.getFileName().toString());
                b.write(to, KeyEncodings.certificatePem(c), CERT_PERMS);
                out.add(to);
            }
            b.commit();
        }
        return out;
    }

    /** The key must belong to the certificate, else what it signs would not verify. */
    static void requireMatch(Path keyFile, PrivateKey key, X509Certificate cert) throws KeyFileException {
        PublicKey pub = cert.getPublicKey();
        if (key instanceof ECPrivateKey k && pub instanceof ECPublicKey p) {
            org.bouncycastle.jce.spec.ECParameterSpec spec = org.bouncycastle.jcajce.provider.asymmetric.util
                    .EC5Util.convertSpec(k.getParams());
            ECPoint q = spec.getG().multiply(k.getS()).normalize();
            if (q.getAffineXCoord().toBigInteger().equals(p.getW().getAffineX())
                    && q.getAffineYCoord().toBigInteger().equals(p.getW().getAffineY())) {
                return;
            }
        }
        throw new KeyFileException(keyFile, "does not belong to the certificate " + cert.getSubjectX500Principal());
    }
}
