package dev.upyd.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads the key and certificate files upydev and upyd write: PEM or DER; SEC1 ("EC PRIVATE KEY"),
 * legacy OpenSSL-encrypted SEC1 ({@code Proc-Type: 4,ENCRYPTED}), PKCS#8 plain and PBES2-encrypted.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** Reads a private key; {@code passphrase} may be null for unencrypted keys. */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws KeyFileException {
        byte[] bytes = read(file);
        try {
            if (looksLikePem(bytes)) {
                return fromPem(file, new String(bytes, StandardCharsets.US_ASCII), passphrase);
            }
            return converter().getPrivateKey(privateKeyInfoFromDer(file, bytes));
        } catch (IOException e) {
            throw new KeyFileException(file, "not a readable private key (" + e.getMessage() + ")", e);
        }
    }

    /** True when the key file needs a passphrase. */
    public static boolean isEncrypted(Path file) throws KeyFileException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        return text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY");
    }

    /** Reads the first certificate of a PEM or DER file. */
    public static X509Certificate readCertificate(Path file) throws KeyFileException {
        List<X509Certificate> all = readCertificates(file);
        if (all.isEmpty()) {
            throw new KeyFileException(file, "contains no certificate");
        }
        return all.get(0);
    }

    /** Reads every certificate of a PEM file (or the single one of a DER file). */
    public static List<X509Certificate> readCertificates(Path file) throws KeyFileException {
        byte[] bytes = read(file);
        List<X509Certificate> out = new ArrayList<>();
        try {
            if (looksLikePem(bytes)) {
                try (PEMParser p = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
                    for (Object o = p.readObject(); o != null; o = p.readObject()) {
                        if (o instanceof X509CertificateHolder h) {
                            out.add(toX509(h));
                        }
                    }
                }
            } else {
                out.add(toX509(new X509CertificateHolder(bytes)));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new KeyFileException(file, "not a readable X.509 certificate (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static X509Certificate toX509(X509CertificateHolder h) throws CertificateException {
        return new JcaX509CertificateConverter().setProvider(Providers.BC).getCertificate(h);
    }

    private static PrivateKey fromPem(Path file, String pem, char[] passphrase) throws IOException, KeyFileException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PEMKeyPair kp) {
                    return converter().getPrivateKey(kp.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter().getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassphrase(file, passphrase);
                    try {
                        PEMKeyPair kp = enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .setProvider(Providers.BC).build(passphrase));
                        return converter().getPrivateKey(kp.getPrivateKeyInfo());
                    } catch (IOException | RuntimeException e) {
                        // BC reports a bad legacy passphrase as a padding/cipher failure or as garbage ASN.1
                        throw new WrongPassphraseException(file);
                    }
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    requirePassphrase(file, passphrase);
                    try {
                        PrivateKeyInfo info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                .setProvider(Providers.BC).build(passphrase));
                        return converter().getPrivateKey(info);
                    } catch (PKCSException | RuntimeException e) {
                        throw new WrongPassphraseException(file);
                    } catch (OperatorCreationException e) {
                        throw new KeyFileException(file, "unsupported key encryption (" + e.getMessage() + ")", e);
                    }
                }
                // "EC PARAMETERS" blocks and certificates before the key are skipped
            }
        }
        throw new KeyFileException(file, "contains no private key");
    }

    private static void requirePassphrase(Path file, char[] passphrase) throws KeyFileException {
        if (passphrase == null) {
            throw new KeyFileException(file, "is encrypted and no passphrase was given");
        }
    }

    /** SEC1 ECPrivateKey (version 1) or PKCS#8 PrivateKeyInfo (version 0), told apart by the version. */
    private static PrivateKeyInfo privateKeyInfoFromDer(Path file, byte[] der) throws IOException, KeyFileException {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IllegalArgumentException | IOException e) {
            throw new KeyFileException(file, "is neither PEM nor DER", e);
        }
        if (seq.size() < 2 || !(seq.getObjectAt(0) instanceof ASN1Integer version)) {
            throw new KeyFileException(file, "is not a private key structure");
        }
        if (version.intValueExact() == 0) {
            return PrivateKeyInfo.getInstance(seq);
        }
        ECPrivateKey ec = ECPrivateKey.getInstance(seq);
        if (ec.getParametersObject() == null) {
            throw new KeyFileException(file, "SEC1 key without curve parameters");
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                ec.getParametersObject()), ec);
    }

    private static JcaPEMKeyConverter converter() {
        return new JcaPEMKeyConverter().setProvider(Providers.BC);
    }

    private static boolean looksLikePem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static byte[] read(Path file) throws KeyFileException {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KeyFileException(file, "does not exist", e);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
