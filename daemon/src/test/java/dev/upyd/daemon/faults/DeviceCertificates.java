package dev.upyd.daemon.faults;

import dev.upyd.pki.AtomicFiles;
import dev.upyd.pki.Providers;
import dev.upyd.sim.DeviceFiles;
import dev.upyd.sim.testkit.TestPki;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Bad device certificates for authentication tests (the sim's test kit only makes good ones): signed by
 * a given CA, valid in a given window, naming the given DNS names only. Written into a device folder the
 * way the sim reads them (SEC1 DER key, DER certificate); the device's own ROOT CA file is left alone so
 * that the device still accepts OUR host certificate and the failure is the one under test.
 */
final class DeviceCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceCertificates() {
    }

    static void write(Path deviceDir, String uid, X509Certificate caCert, PrivateKey caKey, Instant notBefore,
            Instant notAfter, String... dnsNames) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Providers.BC);
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair kp = g.generateKeyPair();
        GeneralName[] san = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            san[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=bad-device,O=MicroPython"), kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        X509Certificate cert = new JcaX509CertificateConverter().setProvider(Providers.BC).getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.BC).build(caKey)));
        AtomicFiles.write(deviceDir.resolve(DeviceFiles.keyFileName(uid)), TestPki.sec1Der(kp.getPrivate()), "rw-------");
        AtomicFiles.write(deviceDir.resolve(DeviceFiles.certFileName(uid)), cert.getEncoded(), "rw-r--r--");
    }
}
