package dev.upyd.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** ECDSA key pairs on P-256 (secp256r1), the only curve upydev and the devices use. */
public final class EcKeys {
    public static final String CURVE = "secp256r1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EcKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Providers.BC);
            g.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle cannot make P-256 keys: " + e.getMessage(), e);
        }
    }
}
