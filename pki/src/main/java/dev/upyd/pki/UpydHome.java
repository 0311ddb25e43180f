package dev.upyd.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where upyd keeps keys, certificates and the group configuration: {@code UPYD_HOME}, else
 * {@code $XDG_CONFIG_HOME/upyd}, else {@code ~/.config/upyd}. Pointing {@code UPYD_HOME} at an existing
 * upydev package directory works unchanged: the file names are upydev's.
 */
public final class UpydHome {
    private UpydHome() {
    }

    public static Path resolve(Map<String, String> env) {
        String explicit = env.get("UPYD_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "upyd");
        }
        return Path.of(System.getProperty("user.home"), ".config", "upyd");
    }

    public static Path resolve() {
        return resolve(System.getenv());
    }

    /** Creates the directory (0700) if it does not exist yet; an existing one is left as it is. */
    public static Path ensure(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            Files.createDirectories(home);
            AtomicFiles.restrict(home, "rwx------");
        }
        return home;
    }

}
