package dev.upyd.daemon.device;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * BCJSSE's PKIX trust manager with the reason a user can act on: an expired (or not yet valid) device
 * certificate fails inside the TLS handshake, before {@code DeviceIdentity} can say so, and PKIX reports it
 * as "Unable to construct a valid chain", exactly like a foreign CA. This says "expired on DATE" instead.
 */
final class DeviceTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    private DeviceTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /**
     * A factory handing out this trust manager. (Vert.x's own TrustOptions.wrap(TrustManager) goes through
     * a Netty helper that needs SLF4J, which the daemon does not ship.)
     */
    static TrustManagerFactory factory(TrustManagerFactory tmf) {
        TrustManager mine = null;
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                mine = new DeviceTrustManager(x);
            }
        }
        if (mine == null) {
            throw new IllegalStateException("no X509 trust manager from " + tmf.getProvider());
        }
        TrustManager[] managers = {mine};
        return new TrustManagerFactory(new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(java.security.KeyStore ks) {
            }

            @Override
            protected void engineInit(javax.net.ssl.ManagerFactoryParameters spec) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return managers.clone();
            }
        }, tmf.getProvider(), tmf.getAlgorithm()) {
        };
    }

    private static CertificateException explain(X509Certificate[] chain, CertificateException e) {
        if (chain == null || chain.length == 0) {
            return e;
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException x) {
            return new CertificateException("the device certificate expired on " + leaf.getNotAfter().toInstant()
                    + " (make a new one: upyd kg ssl dev -@ NAME -tfkey)", e);
        } catch (CertificateNotYetValidException x) {
            return new CertificateException("the device certificate is not valid before "
                    + leaf.getNotBefore().toInstant() + " (is this machine's or the device's clock wrong?)", e);
        }
        return e;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
