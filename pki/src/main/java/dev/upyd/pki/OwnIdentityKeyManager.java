package dev.upyd.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One TLS identity (the host's, or a device's), offered whatever the peer asks for. JSSE's own key managers
 * choose by the CA names of a CertificateRequest and by SNI, and both get in the way here:
 * <ul>
 * <li>As a client (the daemon): a host certificate from a CA the device does not list was silently not sent,
 * so the device could only answer "no certificate" (handshake_failure). upydev's client (OpenSSL) always
 * sends it, and a board then names the real problem: unknown_ca (capture 12). We send it too, so the
 * device's own verdict reaches {@code status}.</li>
 * <li>As a server (the simulated device): upydev sends the whole URI ({@code wss://host:8833}) as
 * server_hostname; a board's mbedTLS ignores SNI, while BCJSSE's key managers parse it as a host name and
 * abort with internal_error ("Contains non-LDH ASCII characters").</li>
 * </ul>
 */
public final class OwnIdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "self";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    public OwnIdentityKeyManager(PrivateKey key, X509Certificate[] chain) {
        if (chain.length == 0) {
            throw new IllegalArgumentException("an identity needs its certificate");
        }
        this.key = key;
        this.chain = chain.clone();
    }

    private String alias(String keyType) {
        // upydev's keys are all EC P-256. JSSE key type names: "EC"; BCJSSE may also ask with a signature or key
        // exchange name ("ECDSA", "ECDHE_ECDSA")
        return keyType != null && keyType.startsWith("EC") && key.getAlgorithm().startsWith("EC") ? ALIAS : null;
    }

    private String alias(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (alias(t) != null) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias(keyTypes);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
