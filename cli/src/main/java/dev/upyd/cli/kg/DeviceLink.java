package dev.upyd.cli.kg;

import java.nio.file.Path;

/**
 * What {@code kg} needs from a device: its UID, uploads, and whether the connection is TLS. The daemon
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
}
