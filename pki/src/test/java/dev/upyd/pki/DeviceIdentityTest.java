package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {
    static final Instant NOW = Instant.now();
    static final Issued CA = CertificateIssuer.rootCa(DistinguishedNames.upydev("linux@6361726c6f", "h",
            "carlos"), NOW);
    static final Issued OTHER_CA = CertificateIssuer.rootCa(DistinguishedNames.upydev("linux@6361726c6f", "h",
            "carlos"), NOW);

    static X509Certificate device(Issued ca, String target) {
        return CertificateIssuer.device(new Signer(ca.keyPair().getPrivate(), ca.certificate()),
                DistinguishedNames.device("esp32", "30aea4233564", target, "dev1"), DeviceTarget.parse(target), NOW)
                .certificate();
    }

    static List<X509Certificate> trust() {
        return List.of(CA.certificate());
    }

    @Test
    void acceptsUpydevUrlIpAndName() {
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "192.168.1.42")), trust(), "192.168.1.42",
                8833));
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "esp_room1.local")), trust(),
                "ESP_ROOM1.local", 8833), "dNSName compares case-insensitively");
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "127.0.0.1:9443")), trust(), "127.0.0.1",
                9443));
        // the proper iPAddress entry matches on any port; the URL string carries the port
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "127.0.0.1:9443")), trust(), "127.0.0.1",
                8833));
        // the CA certificate sent along in the chain is fine
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "10.0.0.5"), CA.certificate()), trust(),
                "10.0.0.5", 8833));
    }

    @Test
    void acceptsAnUpydevCertificateThatHasOnlyTheUrlStrings() throws Exception {
        // upydev's own device certificate: SAN = dNSName URL strings only, no iPAddress
        var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(CA.certificate()).getSubject(),
                java.math.BigInteger.TEN, Date.from(NOW), Date.from(NOW.plus(Duration.ofDays(365))),
                DistinguishedNames.device("esp32", "30aea4233564", "192.168.1.42", "dev1"),
                EcKeys.generate().getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "wss://192.168.1.42:8833"),
                    new GeneralName(GeneralName.dNSName, "wss://192.168.4.1:8833")}));
        X509Certificate upydev = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .setProvider(Providers.BC).getCertificate(b.build(new org.bouncycastle.operator.jcajce
                        .JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.BC)
                        .build(CA.keyPair().getPrivate())));
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(upydev), trust(), "192.168.1.42", 8833));
        CertificateException e = assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(upydev), trust(), "192.168.1.42", 8266));
        assertTrue(e.getMessage().contains("names wss://192.168.1.42:8833, wss://192.168.4.1:8833 but not "
                + "192.168.1.42:8266"), e.getMessage());
    }

    @Test
    void refusesTheWrongDeviceAndSaysWhichNamesItHas() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(device(CA, "10.0.0.5")), trust(), "127.0.0.1", 8833));
        assertTrue(e.getMessage().contains("names wss://10.0.0.5:8833, wss://192.168.4.1:8833, 10.0.0.5 but not "
                + "127.0.0.1:8833"), e.getMessage());
        // a host name is never matched against an iPAddress entry, nor by a prefix
        assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(device(CA, "esp.local")), trust(), "esp.local.evil", 8833));
    }

    @Test
    void refusesACertificateFromAnotherCa() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(device(OTHER_CA, "127.0.0.1")), trust(), "127.0.0.1", 8833));
        assertTrue(e.getMessage().contains("is not signed by a trusted ROOT CA"), e.getMessage());
        // ... also when that foreign CA rides along in the chain
        assertThrows(CertificateException.class, () -> DeviceIdentity.verify(
                List.of(device(OTHER_CA, "127.0.0.1"), OTHER_CA.certificate()), trust(), "127.0.0.1", 8833));
    }

    @Test
    void acceptsEitherCaDuringRotation() {
        List<X509Certificate> both = List.of(CA.certificate(), OTHER_CA.certificate());
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(OTHER_CA, "127.0.0.1")), both, "127.0.0.1",
                8833));
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(device(CA, "127.0.0.1")), both, "127.0.0.1", 8833));
    }

    @Test
    void refusesExpiredAndNotYetValid() {
        X509Certificate dev = device(CA, "127.0.0.1");
        CertificateException expired = assertThrows(CertificateException.class, () -> DeviceIdentity.verify(
                List.of(dev), trust(), "127.0.0.1", 8833, Date.from(NOW.plus(Duration.ofDays(400)))));
        assertTrue(expired.getMessage().contains("expired on "), expired.getMessage());
        CertificateException early = assertThrows(CertificateException.class, () -> DeviceIdentity.verify(
                List.of(dev), trust(), "127.0.0.1", 8833, Date.from(NOW.minus(Duration.ofDays(1)))));
        assertTrue(early.getMessage().contains("not valid before"), early.getMessage());
    }

    @Test
    void refusesEmptyChainsNoAnchorsAndTheCaItself() {
        assertThrows(CertificateException.class, () -> DeviceIdentity.verify(List.of(), trust(), "h", 8833));
        CertificateException none = assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(device(CA, "127.0.0.1")), List.of(), "127.0.0.1", 8833));
        assertTrue(none.getMessage().contains("no ROOT CA"), none.getMessage());
        CertificateException self = assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(CA.certificate()), trust(), "127.0.0.1", 8833));
        assertTrue(self.getMessage().contains("is a ROOT CA certificate"), self.getMessage());
    }

    @Test
    void aHostCertificateIsNoDevice() {
        Issued host = CertificateIssuer.host(new Signer(CA.keyPair().getPrivate(), CA.certificate()),
                List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")), NOW);
        // names 127.0.0.1 and chains to the CA: the name check alone cannot tell, but it is a valid chain
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(host.certificate()), trust(), "127.0.0.1", 8833));
        assertThrows(CertificateException.class,
                () -> DeviceIdentity.verify(List.of(host.certificate()), trust(), "192.168.1.42", 8833));
    }

    @Test
    void ipv6TargetsUseBracketsInTheUrlAndMatchTheAddress() {
        X509Certificate dev = device(CA, "[::1]:8833");
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(dev), trust(), "::1", 8833));
        assertDoesNotThrow(() -> DeviceIdentity.verify(List.of(dev), trust(), "[::1]", 8833));
        assertTrue(DeviceTarget.parse("[::1]:8833").url().equals("wss://[::1]:8833"));
    }
}
