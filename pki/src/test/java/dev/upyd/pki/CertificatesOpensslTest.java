package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our certificates and key files as the real OpenSSL sees them. */
class CertificatesOpensslTest {
    static final char[] CA_PASS = "ca secret 1".toCharArray();
    static final char[] HOST_PASS = "host secret 2".toCharArray();
    static final HostFacts FACTS = new HostFacts("linux", "bench-host", "carlos", HostId.of("carlos", 10),
            InetAddress.getLoopbackAddress());

    @TempDir
    static Path home;
    static UpydKeys keys;
    static Issued ca;
    static Issued host;
    static Issued device;

    @BeforeAll
    static void makeSet() throws Exception {
        Openssl.assumePresent();
        keys = UpydKeys.in(home);
        KeySetup setup = new KeySetup(keys);
        Instant now = Instant.now();
        ca = CertificateIssuer.rootCa(DistinguishedNames.rootCa(FACTS), now);
        setup.installCa(ca, CA_PASS);
        Signer signer = setup.loadSigner(CA_PASS);
        host = CertificateIssuer.host(signer, CertificateIssuer.hostSubjectAltNames(FACTS), now);
        setup.installHost(FACTS.hostId(), host, HOST_PASS);
        device = CertificateIssuer.device(signer, DistinguishedNames.device("esp32", "240ac4e0c0de", "127.0.0.1",
                "dev1"), DeviceTarget.parse("127.0.0.1"), now);
        setup.installDevice("240ac4e0c0de", device);
    }

    @Test
    void opensslVerifiesHostAndDeviceAgainstTheCa() throws Exception {
        Openssl.Result r = Openssl.run(home, "verify", "-CAfile", "ROOT_CA_cert.pem",
                "HOST_cert@" + FACTS.hostId() + ".pem", "SSL_certificate240ac4e0c0de.pem");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("HOST_cert@6361726c6f.pem: OK"), r.out());
        assertTrue(r.out().contains("SSL_certificate240ac4e0c0de.pem: OK"), r.out());
    }

    @Test
    void opensslRefusesADeviceCertificateFromAnotherCa() throws Exception {
        Issued other = CertificateIssuer.rootCa(DistinguishedNames.rootCa(FACTS), Instant.now());
        Path otherCa = home.resolve("other-ca.pem");
        Files.write(otherCa, KeyEncodings.certificatePem(other.certificate()));
        Openssl.Result r = Openssl.run(home, "verify", "-CAfile", "other-ca.pem", "SSL_certificate240ac4e0c0de.pem");
        assertNotEquals(0, r.exit(), r.out());
    }

    @Test
    void caCertificateShowsP256Sha256AndCriticalCaTrue() throws Exception {
        String text = Openssl.run(home, "x509", "-in", "ROOT_CA_cert.pem", "-noout", "-text").out();
        assertTrue(text.contains("ecdsa-with-SHA256"), text);
        assertTrue(text.contains("prime256v1") || text.contains("P-256"), text);
        assertTrue(text.contains("X509v3 Basic Constraints: critical"), text);
        assertTrue(text.contains("CA:TRUE"), text);
        assertTrue(text.contains("Subject: UID = linux@636172636f, SN = bench-host, O = MicroPython, CN = carlos")
                || text.contains("Subject: UID = linux@636172"), text);
        assertEquals(1825, days(text), text);
        String subject = Openssl.run(home, "x509", "-in", "ROOT_CA_cert.pem", "-noout", "-subject",
                "-nameopt", "RFC2253").out();
        assertTrue(subject.contains("CN=carlos,O=MicroPython,SN=bench-host,UID=linux@636172"), subject);
    }

    @Test
    void hostCertificateHasCaSubjectAndLocalhostSan() throws Exception {
        String text = Openssl.run(home, "x509", "-in", "HOST_cert@636172636f.pem".replace("636172636f",
                FACTS.hostId()), "-noout", "-text").out();
        assertTrue(text.contains("DNS:localhost, IP Address:127.0.0.1"), text);
        assertFalse(text.contains("Basic Constraints"), text);
        assertEquals(365, days(text), text);
        String subjectAndIssuer = Openssl.run(home, "x509", "-in", "HOST_cert@" + FACTS.hostId() + ".pem", "-noout",
                "-subject", "-issuer", "-nameopt", "RFC2253").out();
        String[] lines = subjectAndIssuer.strip().split("\n");
        assertEquals(lines[0].replace("subject=", ""), lines[1].replace("issuer=", ""), subjectAndIssuer);
    }

    @Test
    void deviceCertificateCarriesUpydevUrlsAndProperNames() throws Exception {
        String text = Openssl.run(home, "x509", "-in", "SSL_certificate240ac4e0c0de.pem", "-noout", "-text").out();
        assertTrue(text.contains("DNS:wss://127.0.0.1:8833, DNS:wss://192.168.4.1:8833, IP Address:127.0.0.1"), text);
        assertTrue(text.contains("UID = esp32@240ac4e0c0de, SN = 127.0.0.1, O = MicroPython, CN = dev1"), text);
        assertTrue(text.contains("ecdsa-with-SHA256"), text);
        assertEquals(365, days(text), text);
    }

    @Test
    void opensslOpensOurEncryptedKeysAndRefusesAWrongPassphrase() throws Exception {
        String keyFile = "ROOT_CA_key.pem";
        assertTrue(Files.readString(home.resolve(keyFile)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        Openssl.Result ok = Openssl.run(home, "pkey", "-in", keyFile, "-passin", "pass:" + new String(CA_PASS),
                "-noout", "-text");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("prime256v1") || ok.out().contains("P-256"), ok.out());
        Openssl.Result bad = Openssl.run(home, "pkey", "-in", keyFile, "-passin", "pass:wrong", "-noout");
        assertNotEquals(0, bad.exit(), bad.out());
        Openssl.Result host = Openssl.run(home, "ec", "-in", "HOST_key@" + FACTS.hostId() + ".pem", "-passin",
                "pass:" + new String(HOST_PASS), "-noout", "-check");
        assertEquals(0, host.exit(), host.out());
    }

    @Test
    void encryptedKeyUsesPbes2Pbkdf2Sha256Aes256() throws Exception {
        Openssl.Result r = Openssl.run(home, "asn1parse", "-in", "ROOT_CA_key.pem");
        assertTrue(r.out().contains("PBES2"), r.out());
        assertTrue(r.out().contains("PBKDF2"), r.out());
        assertTrue(r.out().contains("hmacWithSHA256"), r.out());
        assertTrue(r.out().contains("aes-256-cbc"), r.out());
        Matcher m = Pattern.compile("INTEGER\\s+:([0-9A-F]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(KeyEncodings.PBKDF2_ITERATIONS, Integer.parseInt(m.group(1), 16), r.out());
    }

    @Test
    void deviceKeyIsUnencryptedSec1WithTheCurveInside() throws Exception {
        Openssl.Result r = Openssl.run(home, "ec", "-inform", "DER", "-in", "SSL_key240ac4e0c0de.der", "-noout",
                "-text");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("prime256v1"), r.out());
        Openssl.Result parse = Openssl.run(home, "asn1parse", "-inform", "DER", "-in", "SSL_key240ac4e0c0de.der");
        assertTrue(parse.out().contains("prime256v1"), parse.out()); // [0] parameters inside the SEC1 structure
        assertTrue(Files.readString(home.resolve("SSL_key240ac4e0c0de.pem")).startsWith("-----BEGIN EC PRIVATE KEY"));
        Openssl.Result match = Openssl.run(home, "x509", "-in", "SSL_certificate240ac4e0c0de.der", "-inform", "DER",
                "-noout", "-pubkey");
        Openssl.Result fromKey = Openssl.run(home, "ec", "-in", "SSL_key240ac4e0c0de.pem", "-pubout");
        assertTrue(fromKey.out().contains(match.out().strip()), fromKey.out() + match.out());
    }

    @Test
    void serialsArePositiveAndAtMost159Bits() {
        for (int i = 0; i < 200; i++) {
            var s = CertificateIssuer.serial();
            assertTrue(s.signum() > 0 && s.bitLength() <= 159, s.toString(16));
        }
        assertEquals(1, ca.certificate().getSerialNumber().signum());
    }

    private static long days(String x509Text) {
        Matcher b = Pattern.compile("Not Before: (.*)").matcher(x509Text);
        Matcher a = Pattern.compile("Not After : (.*)").matcher(x509Text);
        assertTrue(b.find() && a.find(), x509Text);
        var f = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy zzz", java.util.Locale.ROOT);
        Instant nb = java.time.ZonedDateTime.parse(b.group(1).trim(), f).toInstant();
        Instant na = java.time.ZonedDateTime.parse(a.group(1).trim(), f).toInstant();
        return java.time.Duration.between(nb, na).toDays();
    }
}
