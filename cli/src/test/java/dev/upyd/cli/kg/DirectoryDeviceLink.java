package dev.upyd.cli.kg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device whose file system is a local directory, reached over plain ws: stands in for the daemon's
 * link until it exists, so the -tfkey flow (what goes to the device, what stays) is tested on real files.
 */
final class DirectoryDeviceLink implements DeviceLink {
    final Path flash;
    final String uid;
    final boolean tls;
    /** What the device was asked to do, in order: "exec:CODE", "reset". */
    final List<String> calls = new ArrayList<>();
    /** A directory cannot run Python: it understands only the rename that CA rotation sends. */
    private static final Pattern RENAME = Pattern.compile("import os\\nos\\.rename\\('([^'\\\\]*)','([^'\\\\]*)'\\)\\n");

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

    @Override
    public void exec(String device, String code) throws DeviceLinkException {
        calls.add("exec:" + code);
        Matcher m = RENAME.matcher(code);
        if (!m.matches()) {
            throw new IllegalArgumentException("a directory device runs only os.rename, not: " + code);
        }
        try {
            // os.rename on littlefs/FAT replaces an existing file, as REPLACE_EXISTING does
            Files.move(flash.resolve(m.group(1)), flash.resolve(m.group(2)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DeviceTracebackException("Traceback (most recent call last): OSError: " + e, e);
        }
    }

    @Override
    public void softReset(String device) {
        calls.add("reset");
    }
}
