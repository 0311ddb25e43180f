package dev.upyd.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust managers from BCJSSE for one TLS endpoint: our own key + certificate chain, and the
 * CA certificates we accept the peer's chain from. In-memory only; nothing is written to disk.
 */
public final class TlsMaterial {
    /** Preferred first: upydev offers only CCM_8; GCM for firmware whose mbedTLS lacks CCM. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    public static final String PROTOCOL = "TLSv1.2";

    private static final char[] IN_MEMORY = "upyd".toCharArray();

    private final KeyManagerFactory keyManagers;
    private final OwnIdentityKeyManager identity;
    private final TrustManagerFactory trustManagers;

    private TlsMaterial(KeyManagerFactory keyManagers, OwnIdentityKeyManager identity, TrustManagerFactory trustManagers) {
        this.keyManagers = keyManagers;
        this.identity = identity;
        this.trustManagers = trustManagers;
    }

    public static TlsMaterial of(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted)
            throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12", Providers.BC);
            ks.load(null, null);
            ks.setKeyEntry("self", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", Providers.BCJSSE);
            kmf.init(ks, IN_MEMORY);

            KeyStore ts = KeyStore.getInstance("PKCS12", Providers.BC);
            ts.load(null, null);
            int i = 0;
            for (X509Certificate c : trusted) {
                ts.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", Providers.BCJSSE);
            tmf.init(ts);
            return new TlsMaterial(kmf, new OwnIdentityKeyManager(key, chain.toArray(new X509Certificate[0])), tmf);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("in-memory key store failed: " + e.getMessage(), e);
        }
    }

    /** JSSE's own key managers for this identity (they choose by the peer's CA list and SNI). */
    public KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    /** This identity offered whatever the peer asks for: what the daemon and the simulated device use. */
    public OwnIdentityKeyManager identity() {
        return identity;
    }

    public TrustManagerFactory trustManagers() {
        return trustManagers;
    }
}
