package dev.upyd.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The upyd release every process reports; the build writes it into version.properties. */
public final class UpydVersion {
    private static final String VALUE = load();

    private UpydVersion() {
    }

    public static String value() {
        return VALUE;
    }

    private static String load() {
        try (InputStream in = UpydVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
