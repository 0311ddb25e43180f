package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.upyd.pki.Providers;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * upydev passes the whole URI as server_hostname, so its ClientHello carries SNI {@code wss://host:port}.
 * A board ignores it; the simulator must too (BCJSSE's stock key manager rejects such a name). JSSE
 * clients refuse to send it, so this client uses BouncyCastle's low-level TLS API.
 */
class UpydevSniTest {
    @TempDir
    Path dir;

    @Test
    void uriAsServerNameIsIgnoredLikeOnABoard() throws Exception {
        TestPki pki = TestPki.create();
        try (SimulatedDevice dev = SimDevices.startLight(dir, pki, "dev0");
             Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", dev.port()), 5000);
            raw.setSoTimeout(5000);
            JcaTlsCrypto crypto = new JcaTlsCryptoProvider().setProvider(Providers.BC).create(new SecureRandom());
            TlsClientProtocol tls = new TlsClientProtocol(raw.getInputStream(), raw.getOutputStream());
            tls.connect(new DefaultTlsClient(crypto) {
                @Override
                protected Vector getSNIServerNames() {
                    Vector<ServerName> v = new Vector<>();
                    v.add(new ServerName(NameType.host_name,
                            ("wss://127.0.0.1:" + dev.port()).getBytes(StandardCharsets.US_ASCII)));
                    return v;
                }

                @Override
                protected ProtocolVersion[] getSupportedVersions() {
                    return ProtocolVersion.TLSv12.only();
                }

                @Override
                protected int[] getSupportedCipherSuites() {
                    return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8};
                }

                @Override
                public TlsAuthentication getAuthentication() {
                    return new TlsAuthentication() {
                        @Override
                        public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                            // the server certificate is checked elsewhere (TestPkiTest); this test is about SNI
                        }

                        @Override
                        public TlsCredentials getClientCredentials(CertificateRequest request) throws java.io.IOException {
                            try {
                                TlsCertificate c = crypto.createCertificate(pki.hostCertificate().getEncoded());
                                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                                        pki.hostKey(), new Certificate(new TlsCertificate[] {c}),
                                        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                            } catch (java.security.cert.CertificateEncodingException e) {
                                throw new java.io.IOException(e);
                            }
                        }
                    };
                }
            });
            try (TestClient c = new TestClient(raw, tls.getInputStream(), tls.getOutputStream())) {
                c.upgrade(false);
                c.login(SimDevices.PASSWORD);
                c.sendText("print(2+3)\r");
                assertEquals("print(2+3)\r\n5\r\n>>> ", c.expect(">>> "));
            }
            assertEquals(1, dev.stats().tlsHandshakesCompleted());
        }
    }
}
