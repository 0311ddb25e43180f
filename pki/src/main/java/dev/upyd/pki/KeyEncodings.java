package dev.upyd.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/** The bytes upyd writes for keys and certificates. The reverse direction is {@link KeyFiles}. */
public final class KeyEncodings {
    /**
     * PBKDF2-HMAC-SHA256 rounds for the CA and host keys at rest. 600,000 is the OWASP Password Storage
     * Cheat Sheet figure for PBKDF2-HMAC-SHA256 (2023): with it, each guess of a stolen key file costs
     * an attacker as much as a modern password hash. The price for us is one derivation each time the
     * daemon or {@code kg} opens a key, which happens rarely: 0.7-1.5 s with BouncyCastle on a busy
     * 2-core machine (OpenSSL: 0.3 s). upydev's legacy format used one MD5 round.
     */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyEncodings() {
    }

    /**
     * PKCS#8 "ENCRYPTED PRIVATE KEY" PEM, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: readable by
     * OpenSSL ({@code openssl pkey -passin}) and by Python {@code cryptography} (upydev).
     */
    public static byte[] encryptedPkcs8Pem(java.security.PrivateKey key, char[] passphrase) {
        return encryptedPkcs8Pem(key, passphrase, PBKDF2_ITERATIONS);
    }

    public static byte[] encryptedPkcs8Pem(java.security.PrivateKey key, char[] passphrase, int iterations) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("an encrypted key needs a non-empty passphrase");
        }
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setRandom(RANDOM)
                    .setPassword(passphrase)
                    .setProvider(Providers.BC)
                    .build();
            return pem(new JcaPKCS8Generator(key, enc));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt the key: " + e.getMessage(), e);
        }
    }

    /**
     * SEC1 {@code ECPrivateKey} DER with the named curve and the public key inside, the "traditional"
     * form upydev writes for devices: MicroPython's mbedTLS reads it, and it needs the curve parameters
     * in the structure itself because there is no PKCS#8 wrapper to carry them.
     */
    public static byte[] sec1Der(KeyPair pair) {
        try {
            ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
            byte[] pub = SubjectPublicKeyInfo.getInstance(((ECPublicKey) pair.getPublic()).getEncoded())
                    .getPublicKeyData().getBytes();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(256, priv.getS(), new DERBitString(pub),
                    new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded("DER");
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a P-256 key pair: " + e.getMessage(), e);
        }
    }

    /** {@link #sec1Der} as "EC PRIVATE KEY" PEM (unencrypted). */
    public static byte[] sec1Pem(KeyPair pair) {
        return pem(new PemObject("EC PRIVATE KEY", sec1Der(pair)));
    }

    public static byte[] certificateDer(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    public static byte[] certificatePem(X509Certificate cert) {
        return pem(new PemObject("CERTIFICATE", certificateDer(cert)));
    }

    private static byte[] pem(PemObjectGenerator object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PemWriter w = new PemWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII))) {
            w.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
