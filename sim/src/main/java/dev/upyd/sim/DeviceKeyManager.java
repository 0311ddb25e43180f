package dev.upyd.sim;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The device's one TLS identity, offered whatever the client asks for in SNI. upydev sends the whole URI
 * ({@code wss://host:8833}) as server_hostname; a board's mbedTLS ignores SNI, while BCJSSE's own key
 * managers parse it as a host name and abort the handshake with internal_error ("Contains non-LDH ASCII
 * characters"). This key manager never looks at the requested names.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "device";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    DeviceKeyManager(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    private String alias(String keyType) {
        // JSSE key type names: "EC" (BCJSSE may also ask with the key exchange name, e.g. "ECDHE_ECDSA")
        return keyType != null && keyType.startsWith("EC") && key.getAlgorithm().startsWith("EC") ? ALIAS : null;
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
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
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
