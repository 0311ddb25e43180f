package dev.upyd.cli.kg;

import java.nio.file.Path;

/**
 * What {@code kg} needs from a device: its UID, uploads, whether the connection is TLS, and (for
 * {@code kg ssl CA rotate -tfkey}) running a statement and a soft reset. The daemon
 * (or a direct connection) implements it; until then {@link NoDaemonDeviceLink} says so clearly.
 */
public interface DeviceLink {
    /** Lowercase hex of the device's {@code machine.unique_id()}, e.g. {@code 30aea4233564}. */
    String uniqueId(String device) throws DeviceLinkException;

    /** Puts a local file on the device; {@code remotePath} relative to the device's current dir, as upydev. */
    void upload(String device, Path local, String remotePath) throws DeviceLinkException;

    /** True when the connection to the device is TLS (wss), so a private key does not travel in clear. */
    boolean encrypted(String device) throws DeviceLinkException;

    /** The device's {@code sys.platform} for its certificate's UID attribute; upydev's boards are esp32. */
    default String platform(String device) throws DeviceLinkException {
        return "esp32";
    }

    /**
     * Runs Python on the device for its effect (output is dropped). A device exception fails with
     * {@link DeviceTracebackException} naming the exception line; a lost connection with a plain
     * {@link DeviceLinkException}.
     */
    void exec(String device, String code) throws DeviceLinkException;

    /**
     * Soft reset (Ctrl-D in the REPL), so the device's boot code, and so wss_repl, load their files again.
     * Returns once the reset is seen (the reboot banner, or the session dropping as the device restarts).
     */
    void softReset(String device) throws DeviceLinkException;
}
