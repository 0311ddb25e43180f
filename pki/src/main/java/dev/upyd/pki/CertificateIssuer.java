package dev.upyd.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the three kinds of certificate upydev makes, with the same fields: X.509 v3, ecdsa-with-SHA256,
 * a random positive serial of up to 159 bits, notBefore = now, no keyUsage or extendedKeyUsage.
 *
 * <p>One addition to upydev: subject and authority key identifiers. upydev's HOST certificate has the
 * CA's subject as its own, so without key identifiers OpenSSL takes it for a self-signed certificate
 * and {@code openssl verify} refuses it ("self-signed certificate"); with them the chain is built by
 * key. They are non-critical, and mbedTLS and Python's ssl read them or pass over them.
 */
public final class CertificateIssuer {
    public static final Duration CA_VALIDITY = Duration.ofDays(1825);
    public static final Duration HOST_VALIDITY = Duration.ofDays(365);
    public static final Duration DEVICE_VALIDITY = Duration.ofDays(365);
    public static final String SIGNATURE = "SHA256withECDSA";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JcaX509ExtensionUtils EXT = extensionUtils();

    private CertificateIssuer() {
    }

    /** A key pair and the certificate issued for it. */
    public record Issued(KeyPair keyPair, X509Certificate certificate) {
    }

    /** The CA key and certificate that sign host and device certificates. */
    public record Signer(PrivateKey key, X509Certificate certificate) {
    }

    /** Self-signed ROOT CA: critical basicConstraints CA:TRUE without path length, 1825 days. */
    public static Issued rootCa(X500Name subject, Instant now) {
        KeyPair kp = EcKeys.generate();
        X509v3CertificateBuilder b = builder(subject, subject, kp.getPublic(), now, CA_VALIDITY);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.subjectKeyIdentifier, false, EXT.createSubjectKeyIdentifier(kp.getPublic()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(kp, sign(b, kp.getPrivate()));
    }

    /**
     * HOST certificate: 365 days, SAN from the caller (upydev: DNS:localhost + the host's IPv4). Its
     * subject is the CA's subject, as upydev writes it ("allocate less RAM in device?"), so a device
     * that checks the client's subject sees the same name it already knows.
     */
    public static Issued host(Signer ca, List<GeneralName> subjectAltNames, Instant now) {
        KeyPair kp = EcKeys.generate();
        X500Name caName = caName(ca);
        X509v3CertificateBuilder b = builder(caName, caName, kp.getPublic(), now, HOST_VALIDITY);
        addSan(b, subjectAltNames);
        addKeyIds(b, kp.getPublic(), ca);
        return new Issued(kp, sign(b, ca.key()));
    }

    /** The host SAN upydev writes: DNS:localhost and IP:&lt;host IPv4&gt;. */
    public static List<GeneralName> hostSubjectAltNames(HostFacts host) {
        return List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, host.ipv4().getHostAddress()));
    }

    /** Device certificate: 365 days, the SAN of {@link DeviceTarget#subjectAltNames()}. */
    public static Issued device(Signer ca, X500Name subject, DeviceTarget target, Instant now) {
        KeyPair kp = EcKeys.generate();
        X509v3CertificateBuilder b = builder(caName(ca), subject, kp.getPublic(), now, DEVICE_VALIDITY);
        addSan(b, target.subjectAltNames());
        addKeyIds(b, kp.getPublic(), ca);
        return new Issued(kp, sign(b, ca.key()));
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils(); // key identifiers: SHA-1 of the key bits, RFC 5280 method 1
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serial as Python cryptography's random_serial_number(): positive, at most 159 bits. */
    static BigInteger serial() {
        BigInteger s;
        do {
            s = new BigInteger(159, RANDOM);
        } while (s.signum() == 0);
        return s;
    }

    private static X500Name caName(Signer ca) {
        try {
            return new JcaX509CertificateHolder(ca.certificate()).getSubject();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("CA certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now,
            Duration validity) {
        return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now), Date.from(now.plus(validity)),
                subject, key);
    }

    private static void addKeyIds(X509v3CertificateBuilder b, PublicKey subjectKey, Signer ca) {
        try {
            b.addExtension(Extension.subjectKeyIdentifier, false, EXT.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    EXT.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addSan(X509v3CertificateBuilder b, List<GeneralName> names) {
        try {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).setProvider(Providers.BC).build(key);
            return new JcaX509CertificateConverter().setProvider(Providers.BC).getCertificate(b.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }
}
