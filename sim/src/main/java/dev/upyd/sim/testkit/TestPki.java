package dev.upyd.sim.testkit;

import dev.upyd.pki.AtomicFiles;
import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import dev.upyd.sim.DeviceFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A complete upydev-style PKI for tests, made with BouncyCastle in memory: a P-256 root CA, a host
 * (client) key and certificate, and on request device keys and certificates whose SANs are
 * {@code DNS:wss://127.0.0.1:PORT} (upydev passes the whole URI as server_hostname), {@code IP:127.0.0.1}
 * and {@code DNS:localhost}. {@link #writeDeviceFiles} puts what a board has on its flash into a device
 * folder; {@link #hostTls()} gives a client's TLS material.
 *
 * <p>Test support only (not the real {@code upyd kg}): keys are unencrypted.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final KeyPair ca;
    private final X509Certificate caCert;
    private final KeyPair host;
    private final X509Certificate hostCert;

    private TestPki(String caName) {
        try {
            ca = newKey();
            X500Name caSubject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "MicroPython")
                    .addRDN(BCStyle.CN, caName).build();
            caCert = sign(caSubject, ca, caSubject, ca.getPrivate(), true, null);
            host = newKey();
            X500Name hostSubject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "upyd")
                    .addRDN(BCStyle.CN, "upyd-test-host").build();
            hostCert = sign(hostSubject, host, caSubject, ca.getPrivate(), false, null);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the test PKI: " + e.getMessage(), e);
        }
    }

    /** A new root CA ("upyd test CA") with a host certificate signed by it. */
    public static TestPki create() {
        return new TestPki("upyd test CA");
    }

    /** A new, unrelated root CA with the given common name (e.g. for "wrong CA" tests). */
    public static TestPki create(String caCommonName) {
        return new TestPki(caCommonName);
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public PrivateKey caKey() {
        return ca.getPrivate();
    }

    public X509Certificate hostCertificate() {
        return hostCert;
    }

    public PrivateKey hostKey() {
        return host.getPrivate();
    }

    /** A client's TLS material: the host key and certificate, trusting this CA. */
    public TlsMaterial hostTls() {
        try {
            return TlsMaterial.of(host.getPrivate(), List.of(hostCert), List.of(caCert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device's key and certificate, as {@code upydev kg ssl dev} makes them. */
    public record DeviceIdentity(String uid, PrivateKey key, X509Certificate certificate) {
    }

    /** Issues a device certificate valid for {@code wss://127.0.0.1:PORT} for each port, 127.0.0.1 and localhost. */
    public DeviceIdentity issueDevice(String uid, String deviceName, int... ports) {
        List<GeneralName> san = new ArrayList<>();
        for (int p : ports) {
            san.add(new GeneralName(GeneralName.dNSName, "wss://127.0.0.1:" + p));
        }
        san.add(new GeneralName(GeneralName.dNSName, "wss://192.168.4.1:8833"));
        san.add(new GeneralName(GeneralName.dNSName, "localhost"));
        san.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try {
            KeyPair kp = newKey();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.UID, "esp32@" + uid)
                    .addRDN(BCStyle.SERIALNUMBER, "127.0.0.1").addRDN(BCStyle.O, "MicroPython")
                    .addRDN(BCStyle.CN, deviceName).build();
            X509Certificate cert = sign(subject, kp, X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                    ca.getPrivate(), false, new GeneralNames(san.toArray(new GeneralName[0])));
            return new DeviceIdentity(uid, kp.getPrivate(), cert);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a device certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code SSL_key<UID>.der} (unencrypted SEC1 DER), {@code SSL_certificate<UID>.der} and
     * {@code ROOT_CA_cert.pem} into {@code deviceDir}, and pins the UID in {@code .sim_uid}. A running
     * device picks new files up at its next reset ({@code restart()}).
     */
    public DeviceIdentity writeDeviceFiles(Path deviceDir, String uid, String deviceName, int... ports) {
        DeviceIdentity id = issueDevice(uid, deviceName, ports);
        try {
            Files.createDirectories(deviceDir);
            AtomicFiles.write(deviceDir.resolve(DeviceFiles.keyFileName(uid)), sec1Der(id.key()), "rw-------");
            AtomicFiles.write(deviceDir.resolve(DeviceFiles.certFileName(uid)), id.certificate().getEncoded(), "rw-r--r--");
            writeCaPem(deviceDir.resolve(DeviceFiles.ROOT_CA));
            AtomicFiles.write(deviceDir.resolve(DeviceFiles.UID_FILE), (uid + "\n").getBytes(StandardCharsets.US_ASCII),
                    "rw-r--r--");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write device files to " + deviceDir + ": " + e.getMessage(), e);
        }
        return id;
    }

    /** {@code webrepl_cfg.py} with {@code PASS = '...'}, as webrepl_setup writes it. */
    public static void writeWebreplConfig(Path deviceDir, String password) {
        try {
            Files.createDirectories(deviceDir);
            Files.writeString(deviceDir.resolve(DeviceFiles.WEBREPL_CFG), "PASS = '" + password + "'\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeCaPem(Path file) throws IOException {
        AtomicFiles.write(file, pem(caCert).getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
    }

    /** Writes the host certificate and its unencrypted PKCS#8 key as PEM files. */
    public void writeHostPem(Path certFile, Path keyFile) throws IOException {
        AtomicFiles.write(certFile, pem(hostCert).getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
        AtomicFiles.write(keyFile, pem(host.getPrivate()).getBytes(StandardCharsets.US_ASCII), "rw-------");
    }

    /**
     * The host key as {@code upyd kg ssl host} writes it (PKCS#8 PBES2, AES-256-CBC) under {@code passphrase},
     * with 2048 PBKDF2 iterations instead of kg's 600,000 so that tests and benches decrypt it quickly.
     */
    public String encryptedHostKeyPem(String passphrase) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(host.getPrivate(),
                    new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                            org.bouncycastle.openssl.jcajce.JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(dev.upyd.pki.Providers.BC).setIterationCount(2048)
                            .setPassword(passphrase.toCharArray()).build()));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot encrypt the test host key: " + e.getMessage(), e);
        }
        return sw.toString();
    }

    public static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    /** The SEC1 {@code ECPrivateKey} DER a board reads (with curve parameters and public key, as openssl writes it). */
    public static byte[] sec1Der(PrivateKey key) throws IOException, GeneralSecurityException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Encodable params = info.getPrivateKeyAlgorithm().getParameters();
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) key;
        int bits = ec.getParams().getOrder().bitLength();
        DERBitString pub = publicBits(key);
        return new ECPrivateKey(bits, inner.getKey(), pub, params).getEncoded("DER");
    }

    private static DERBitString publicBits(PrivateKey key) throws GeneralSecurityException {
        // derive Q = d·G with BC so the SEC1 file carries the public key like openssl's does
        org.bouncycastle.jce.interfaces.ECPrivateKey bc = (org.bouncycastle.jce.interfaces.ECPrivateKey)
                java.security.KeyFactory.getInstance("EC", Providers.BC).translateKey(key);
        byte[] q = bc.getParameters().getG().multiply(bc.getD()).normalize().getEncoded(false);
        return new DERBitString(q);
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Providers.BC);
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, PrivateKey issuerKey,
            boolean isCa, GeneralNames san) throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, subjectKey.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey.getPublic()));
        if (isCa) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded());
        return new JcaX509CertificateConverter().setProvider(Providers.BC)
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.BC)
                        .build(issuerKey)));
    }
}
