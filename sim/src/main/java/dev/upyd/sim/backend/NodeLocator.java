package dev.upyd.sim.backend;

import dev.upyd.sim.SimException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code sim/node/mpsim.mjs}: explicit home, {@code -Dupyd.home}, or upwards from this jar/classes folder. */
public final class NodeLocator {
    static final String SCRIPT = "sim/node/mpsim.mjs";

    private NodeLocator() {
    }

    public static Path script(Path explicitHome) throws SimException {
        if (explicitHome != null) {
            return check(explicitHome, "the configured upyd home");
        }
        String prop = System.getProperty("upyd.home");
        if (prop != null && !prop.isBlank()) {
            return check(Path.of(prop), "-Dupyd.home");
        }
        Path start;
        try {
            start = Path.of(NodeLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new SimException("cannot find " + SCRIPT + ": pass -Dupyd.home=<repository root>");
        }
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p.resolve(SCRIPT);
            }
        }
        throw new SimException("cannot find " + SCRIPT + " above " + start
                + ": pass -Dupyd.home=<repository root> or use --backend light");
    }

    private static Path check(Path home, String source) throws SimException {
        Path s = home.resolve(SCRIPT).toAbsolutePath().normalize();
        if (!Files.isRegularFile(s)) {
            throw new SimException(source + " points to " + home + ", which has no " + SCRIPT);
        }
        return s;
    }

    /** True when the interpreter package is installed ({@code npm ci} in sim/node). */
    public static boolean packageInstalled(Path script) {
        return Files.isDirectory(script.getParent().resolve("node_modules/@micropython/micropython-webassembly-pyscript"));
    }
}
