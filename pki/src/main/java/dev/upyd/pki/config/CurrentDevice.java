package dev.upyd.pki.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.upyd.pki.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * upydev's current-device file {@code upydev_.config}: {@code {"addr": "...", "passwd": "pw[:passphrase]", "name":
 * "..."}} in the working directory or (global) in the home folder. upydev's commands use it when no target is
 * named; {@code upyd set -@ NAME} writes it, and upyd's CLI reads it for the same purpose. Readers accept the old
 * key {@code ip} for {@code addr}; a missing name is {@code upydevice}, as upydev reads it. {@link #toString()}
 * never shows the password.
 */
public record CurrentDevice(String name, String address, String secretField) {
    public static final String FILE_NAME = "upydev_.config";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_FILE_BYTES = 64 << 10;

    /** The global group's entry as upydev's {@code set} saves it (address, password[:passphrase], name). */
    public static CurrentDevice of(GroupEntry e) {
        return new CurrentDevice(e.name(), e.address(), e.secretField());
    }

    public static Path fileIn(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** Reads {@code file}; empty if it does not exist; a corrupt file throws with the reason (never its text). */
    public static Optional<CurrentDevice> read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a device file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        String name = "upydevice";
        String addr = null;
        String secret = null;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException(file + ": expected a JSON object {\"addr\": ..., \"passwd\": ..., \"name\": ...}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String v = t == JsonToken.VALUE_NULL ? null : p.getText();
                switch (key) {
                    case "addr", "ip" -> addr = addr == null || key.equals("addr") ? v : addr;
                    case "passwd" -> secret = v; // a serial device's baud rate reads as its digits
                    case "name" -> name = v == null ? name : v;
                    default -> { } // upydev may add keys; keep reading
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new ConfigException(file + ": unexpected content in the device object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation(); // the parser's message would quote the input: a password
            throw new ConfigException(file + ": not valid JSON"
                    + (l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr()));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be parsed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (addr == null || addr.isBlank()) {
            throw new ConfigException(file + ": no \"addr\" (the device address)");
        }
        return Optional.of(new CurrentDevice(name, addr, secret == null ? "" : secret));
    }

    /** The file text the way upydev writes it (Python's json.dumps). */
    public byte[] toJson() {
        return ("{\"addr\": " + quote(address) + ", \"passwd\": " + quote(secretField) + ", \"name\": " + quote(name) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Atomically, owner-only: the file holds a password. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson(), "rw-------");
    }

    private static String quote(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CurrentDevice[" + name + " @ " + address + "]";
    }
}
