package dev.upyd.pki.vertx;

import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes Vert.x build its TLS engines with BouncyCastle JSSE. SunJSSE has no CCM suites, and upydev's
 * devices are set up for TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8. Per client/server, no global provider
 * change. Vert.x calls the factory's setters, then {@link SslContextFactory#create()}.
 */
public final class BcJsseEngineOptions extends SSLEngineOptions {

    @Override
    public SSLEngineOptions copy() {
        return new BcJsseEngineOptions();
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory();
    }

    private static final class Factory implements SslContextFactory {
        private boolean client;
        private ClientAuth clientAuth;
        private KeyManagerFactory kmf;
        private TrustManagerFactory tmf;
        private Set<String> ciphers;

        @Override
        public SslContextFactory forClient(boolean forClient) {
            this.client = forClient;
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth auth) {
            this.clientAuth = auth;
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
            this.kmf = factory;
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
            this.tmf = factory;
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> suites) {
            this.ciphers = suites;
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            SslContextBuilder b = client ? SslContextBuilder.forClient().keyManager(kmf)
                    : SslContextBuilder.forServer(kmf);
            b.sslProvider(SslProvider.JDK).sslContextProvider(Providers.BCJSSE).protocols(TlsMaterial.PROTOCOL);
            if (tmf != null) {
                b.trustManager(tmf);
            }
            // Vert.x hands over its options' suites in a HashSet; keep our preference order (CCM_8 first)
            b.ciphers(ciphers == null || ciphers.isEmpty() ? TlsMaterial.CIPHER_SUITES
                    : TlsMaterial.CIPHER_SUITES.stream().filter(ciphers::contains).toList().isEmpty()
                            ? List.copyOf(ciphers)
                            : TlsMaterial.CIPHER_SUITES.stream().filter(ciphers::contains).toList());
            if (clientAuth != null) {
                b.clientAuth(clientAuth);
            }
            return b.build();
        }
    }
}
