package dev.upyd.pki;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * upydev's per-host identifier HOSTID10: the first 10 characters of the lowercase hex encoding of the
 * {@code USER} environment variable (the first 5 bytes of the user name). It names the host key pair
 * ({@code HOST_key@<id>.pem}) and appears in the ROOT CA's subject, so it must come out the same as
 * upydev's for a shared directory to keep working.
 */
public final class HostId {
    /** Length upydev cuts the hex string to for SSL host files. */
    public static final int LENGTH = 10;

    private HostId() {
    }

    /** HOSTID10 for the given environment; see {@link #userName(Map)} for the user name used. */
    public static String of(Map<String, String> env) {
        return of(userName(env), LENGTH);
    }

    /** The first {@code hexChars} hex characters of the UTF-8 bytes of {@code userName}. */
    public static String of(String userName, int hexChars) {
        String hex = HexFormat.of().formatHex(userName.getBytes(StandardCharsets.UTF_8));
        return hex.length() <= hexChars ? hex : hex.substring(0, hexChars);
    }

    /**
     * {@code USER} as upydev reads it. When it is unset (systemd services, cron, containers) the JVM's
     * {@code user.name} is used instead: it comes from the password database, so the identifier stays
     * the same from one run to the next instead of changing with the caller's environment.
     */
    public static String userName(Map<String, String> env) {
        String user = env.get("USER");
        if (user != null && !user.isEmpty()) {
            return user;
        }
        String name = System.getProperty("user.name");
        return name == null || name.isEmpty() ? "upyd" : name;
    }
}
