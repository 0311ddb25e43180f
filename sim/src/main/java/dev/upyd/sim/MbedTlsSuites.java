package dev.upyd.sim;

import java.util.List;

/**
 * The TLS 1.2 suites a board's mbedTLS accepts, in the order it picks them. mbedTLS decides by its own
 * preference list (ssl_ciphersuites.c, {@code ciphersuite_preference}: AES-256 before AES-128, and within one
 * key size GCM > CCM > CBC-SHA2 > CBC-SHA1 > CCM_8), not by the client's order, so a client that offers CCM_8
 * and GCM gets GCM. The list keeps the ECDHE-ECDSA suites of that order that an ESP-IDF-like build enables (the
 * device certificate is ECDSA; ChaCha20-Poly1305 and TLS 1.3 are off): exactly what capture 20 shows a
 * MicroPython 1.28 board accepting, and which it picks when several are offered.
 */
public final class MbedTlsSuites {
    /** Most preferred first. */
    public static final List<String> SERVER_PREFERENCE = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");

    private MbedTlsSuites() {
    }
}
