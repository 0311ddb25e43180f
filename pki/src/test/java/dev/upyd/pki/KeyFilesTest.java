package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading keys written by the real OpenSSL in every format upydev and upyd meet. */
class KeyFilesTest {
    static final String PASS = "upydev legacy pass";

    @TempDir
    static Path dir;
    /** The private scalar of the one key all formats below hold, as OpenSSL prints it. */
    static java.math.BigInteger expected;

    @BeforeAll
    static void makeKeysWithOpenssl() throws Exception {
        Openssl.assumePresent();
        run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "sec1.pem");
        // upydev's format: traditional EC PEM, Proc-Type: 4,ENCRYPTED, AES-256-CBC, MD5 EVP_BytesToKey
        run("ec", "-in", "sec1.pem", "-aes256", "-passout", "pass:" + PASS, "-out", "legacy.pem");
        run("ec", "-in", "sec1.pem", "-outform", "DER", "-out", "sec1.der");
        run("pkcs8", "-topk8", "-nocrypt", "-in", "sec1.pem", "-out", "pkcs8.pem");
        run("pkcs8", "-topk8", "-nocrypt", "-in", "sec1.pem", "-outform", "DER", "-out", "pkcs8.der");
        run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-in", "sec1.pem",
                "-passout", "pass:" + PASS, "-out", "pkcs8-enc.pem");
        String text = Openssl.run(dir, "ec", "-in", "sec1.pem", "-noout", "-text").out();
        Matcher m = Pattern.compile("priv:\\s*([0-9a-f:\\s]+)pub:").matcher(text);
        assertTrue(m.find(), text);
        expected = new java.math.BigInteger(m.group(1).replaceAll("[:\\s]", ""), 16);
    }

    static void run(String... args) throws Exception {
        Openssl.Result r = Openssl.run(dir, args);
        assertEquals(0, r.exit(), r.out());
    }

    static java.math.BigInteger scalar(PrivateKey k) {
        return ((ECPrivateKey) k).getS();
    }

    @Test
    void legacyEncryptedPemAsUpydevWritesIt() throws Exception {
        String pem = Files.readString(dir.resolve("legacy.pem"));
        assertTrue(pem.contains("Proc-Type: 4,ENCRYPTED") && pem.contains("DEK-Info: AES-256-CBC,"), pem);
        assertTrue(KeyFiles.isEncrypted(dir.resolve("legacy.pem")));
        assertEquals(expected, scalar(KeyFiles.readPrivateKey(dir.resolve("legacy.pem"), PASS.toCharArray())));
    }

    @Test
    void unencryptedSec1AndPkcs8InPemAndDer() throws Exception {
        for (String f : new String[] {"sec1.pem", "sec1.der", "pkcs8.pem", "pkcs8.der"}) {
            assertFalse(KeyFiles.isEncrypted(dir.resolve(f)), f);
            assertEquals(expected, scalar(KeyFiles.readPrivateKey(dir.resolve(f), null)), f);
        }
    }

    @Test
    void encryptedPkcs8FromOpenssl() throws Exception {
        assertTrue(KeyFiles.isEncrypted(dir.resolve("pkcs8-enc.pem")));
        assertEquals(expected, scalar(KeyFiles.readPrivateKey(dir.resolve("pkcs8-enc.pem"), PASS.toCharArray())));
    }

    @Test
    void wrongPassphraseIsNamedButNeverShown() {
        for (String f : new String[] {"legacy.pem", "pkcs8-enc.pem"}) {
            String wrong = "Wr0ngPassphrase-" + f;
            WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                    () -> KeyFiles.readPrivateKey(dir.resolve(f), wrong.toCharArray()));
            assertTrue(e.getMessage().contains(f), e.getMessage());
            assertFalse(e.getMessage().contains(wrong), e.getMessage());
            assertFalse(String.valueOf(e.getCause()).contains(wrong));
            assertEquals(dir.resolve(f), e.file());
        }
    }

    @Test
    void encryptedKeyWithoutPassphraseSaysSo() {
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> KeyFiles.readPrivateKey(dir.resolve("legacy.pem"), null));
        assertTrue(e.getMessage().contains("no passphrase"), e.getMessage());
    }

    @Test
    void corruptFilesNameTheFile() throws Exception {
        Path garbage = dir.resolve("garbage.der");
        Files.write(garbage, new byte[] {0x30, (byte) 0x82, 0x7f, 0x7f, 1, 2, 3});
        Path truncated = dir.resolve("truncated.pem");
        String pem = Files.readString(dir.resolve("sec1.pem"));
        Files.writeString(truncated, pem.substring(0, pem.length() / 2));
        Path text = dir.resolve("text.pem");
        Files.writeString(text, "hello, I am not a key\n");
        Path certAsKey = dir.resolve("cert-as-key.pem");
        run("req", "-new", "-x509", "-key", "sec1.pem", "-subj", "/CN=x", "-days", "1", "-out", "cert-as-key.pem");
        for (Path p : new Path[] {garbage, truncated, text, certAsKey, dir.resolve("missing.pem")}) {
            KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.readPrivateKey(p, null),
                    p.toString());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            assertEquals(p, e.file());
        }
        for (Path p : new Path[] {garbage, truncated, text, dir.resolve("sec1.pem")}) {
            KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.readCertificate(p),
                    p.toString());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
    }

    @Test
    void ourOwnEncodingsReadBack() throws Exception {
        KeyPair kp = EcKeys.generate();
        java.math.BigInteger s = scalar(kp.getPrivate());
        Path der = dir.resolve("own.der");
        Files.write(der, KeyEncodings.sec1Der(kp));
        Path pem = dir.resolve("own.pem");
        Files.write(pem, KeyEncodings.sec1Pem(kp));
        Path enc = dir.resolve("own-enc.pem");
        char[] pass = "own pass".toCharArray();
        Files.write(enc, KeyEncodings.encryptedPkcs8Pem(kp.getPrivate(), pass, 1000));
        assertEquals(s, scalar(KeyFiles.readPrivateKey(der, null)));
        assertEquals(s, scalar(KeyFiles.readPrivateKey(pem, null)));
        assertEquals(s, scalar(KeyFiles.readPrivateKey(enc, pass)));
        assertThrows(WrongPassphraseException.class, () -> KeyFiles.readPrivateKey(enc, "nope".toCharArray()));
        // the legacy reader and OpenSSL agree on our SEC1 DER: OpenSSL re-encodes it byte for byte
        Openssl.Result r = Openssl.run(dir, "ec", "-inform", "DER", "-in", "own.der", "-outform", "DER",
                "-out", "own-again.der");
        assertEquals(0, r.exit(), r.out());
        assertArrayEquals(Files.readAllBytes(der), Files.readAllBytes(dir.resolve("own-again.der")));
        assertTrue(new String(Files.readAllBytes(pem), StandardCharsets.US_ASCII).contains("BEGIN EC PRIVATE KEY"));
    }
}
