package dev.upyd.sim.session;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps device paths ({@code /lib/x.py}, {@code ./x.py}, {@code x.py}) to files under DEVICE_DIR, which
 * is the simulated flash {@code /}. A path that would leave DEVICE_DIR ({@code ..}, or a symbolic link
 * on the way) is refused: the simulator must never read or write the host outside its device folder.
 */
public final class DevicePaths {
    private DevicePaths() {
    }

    public static Path resolve(Path root, String devicePath) throws FileOpException {
        if (devicePath.isEmpty()) {
            throw new FileOpException("empty file name");
        }
        Path p = root;
        for (String part : devicePath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") || part.indexOf('\\') >= 0) {
                throw new FileOpException("path '" + devicePath + "' leaves the device folder");
            }
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new FileOpException("path '" + devicePath + "' goes through a symbolic link");
            }
        }
        if (p.equals(root)) {
            throw new FileOpException("path '" + devicePath + "' is the root directory");
        }
        return p;
    }
}
