package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Finds the repository's {@code device/} folder (the modules and manifest.json that
 * {@code update_upyutils} installs). In order: an explicit folder ({@code --from DIR}), the system
 * property {@code upyd.home} (the checkout root, as a launcher may set it), else the folder above the
 * CLI's own jar or classes directory that holds {@code device/manifest.json} ({@code cli/target/upyd-cli.jar}
 * and {@code cli/target/classes} both sit two levels below the checkout root).
 */
public final class DeviceFolder {
    /** The system property naming the checkout root. */
    public static final String HOME_PROPERTY = "upyd.home";
    static final String MANIFEST = "manifest.json";

    private DeviceFolder() {
    }

    /** The folder to install from, or a {@link CliException} that says where it looked. */
    public static Path locate(Path explicit) {
        return locate(explicit, System.getProperty(HOME_PROPERTY), codeLocation());
    }

    /** Testable form: every input given. */
    static Path locate(Path explicit, String homeProperty, Path codeLocation) {
        if (explicit != null) {
            if (Files.isRegularFile(explicit.resolve(MANIFEST))) {
                return explicit;
            }
            throw new CliException(Main.ExitCodes.USAGE, explicit.resolve(MANIFEST) + " does not exist");
        }
        if (homeProperty != null && !homeProperty.isBlank()) {
            Path d = Path.of(homeProperty).resolve("device");
            if (Files.isRegularFile(d.resolve(MANIFEST))) {
                return d;
            }
            throw new CliException(Main.ExitCodes.LOCAL_IO, "-D" + HOME_PROPERTY + "=" + homeProperty + ": "
                    + d.resolve(MANIFEST) + " does not exist");
        }
        for (Path p = codeLocation == null ? null : codeLocation.toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("device");
            if (Files.isRegularFile(d.resolve(MANIFEST))) {
                return d;
            }
        }
        throw new CliException(Main.ExitCodes.LOCAL_IO, "upyd's device modules (device/" + MANIFEST
                + ") were not found above " + codeLocation + "; give the folder with --from DIR or -D"
                + HOME_PROPERTY + "=CHECKOUT");
    }

    private static Path codeLocation() {
        try {
            CodeSource cs = DeviceFolder.class.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
