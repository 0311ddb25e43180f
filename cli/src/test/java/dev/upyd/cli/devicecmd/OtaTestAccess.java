package dev.upyd.cli.devicecmd;

/** Lets tests elsewhere compute the hash upyd_ota expects, exactly as the ota command does. */
public final class OtaTestAccess {
    private OtaTestAccess() {
    }

    public static String paddedSha256(byte[] app) {
        return OtaUpdate.paddedSha256(app);
    }
}
