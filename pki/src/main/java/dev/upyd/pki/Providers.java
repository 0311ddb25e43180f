package dev.upyd.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The BouncyCastle providers, used by reference and never registered process-wide, so that nothing
 * else in the JVM changes behaviour because upyd is loaded.
 */
public final class Providers {
    /** JCA provider: EC keys, AES-CCM (which SunJCE lacks for TLS), PBES2. */
    public static final Provider BC = new BouncyCastleProvider();

    /**
     * JSSE provider: the only one on the JDK that speaks TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, the suite
     * upydev forces. It must get the BC JCA provider explicitly: Netty passes a null SecureRandom and
     * BCJSSE alone then fails with "DEFAULT SecureRandom not available".
     */
    public static final Provider BCJSSE = new BouncyCastleJsseProvider(BC);

    private Providers() {
    }
}
