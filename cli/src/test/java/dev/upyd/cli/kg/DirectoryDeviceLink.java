package dev.upyd.cli.kg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A device whose file system is a local directory, reached over plain ws: stands in for the daemon's
 * link until it exists, so the -tfkey flow (what goes to the device, what stays) is tested on real files.
 */
final class DirectoryDeviceLink implements DeviceLink {
    final Path flash;
    final String uid;
    final boolean tls;

    DirectoryDeviceLink(Path flash, String uid, boolean tls) {
        this.flash = flash;
        this.uid = uid;
        this.tls = tls;
    }

    @Override
    public String uniqueId(String device) {
        return uid;
    }

    @Override
    public void upload(String device, Path local, String remotePath) throws DeviceLinkException {
        try {
            Files.copy(local, flash.resolve(remotePath), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DeviceLinkException("upload to " + device + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean encrypted(String device) {
        return tls;
    }
}
