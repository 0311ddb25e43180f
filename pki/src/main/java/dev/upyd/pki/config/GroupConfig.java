package dev.upyd.pki.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.upyd.pki.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * upydev's group file ({@code UPY_G.config} or {@code <GROUP>.config}): a JSON object
 * {@code {"name": ["addr", "password[:passphrase]"], ...}}. Entries that are not WebSocket devices
 * (serial ports with a baud rate, BLE addresses) are kept verbatim so that writing the file back never
 * loses what upydev put there. Immutable; {@link #with} / {@link #without} return a new value.
 */
public final class GroupConfig {
    public static final String GLOBAL_GROUP = "UPY_G";
    public static final String FILE_SUFFIX = ".config";
    /** Larger than any real group file; a bigger one is not a group file. */
    static final int MAX_FILE_BYTES = 4 << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();

    private final Map<String, GroupEntry> devices;
    /** Non-WebSocket entries (strings and integers), keyed by name; they keep their place in the file. */
    private final Map<String, List<Object>> others;
    private final List<String> order;

    private GroupConfig(Map<String, GroupEntry> devices, Map<String, List<Object>> others, List<String> order) {
        this.devices = devices;
        this.others = others;
        this.order = order;
    }

    public static GroupConfig empty() {
        return new GroupConfig(Map.of(), Map.of(), List.of());
    }

    public static Path fileIn(Path home) {
        return fileIn(home, GLOBAL_GROUP);
    }

    public static Path fileIn(Path home, String group) {
        return home.resolve(group + FILE_SUFFIX);
    }

    /** Reads a group file; a missing file is an empty group. */
    public static GroupConfig read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a group file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses group-file JSON; {@code source} names it in error messages. */
    public static GroupConfig parse(byte[] json, String source) throws ConfigException {
        Map<String, GroupEntry> devices = new LinkedHashMap<>();
        Map<String, List<Object>> others = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                return empty(); // an empty file, as `touch UPY_G.config` leaves it
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw error(source, p, "expected a JSON object {\"name\": [\"address\", \"password\"]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonLocation at = p.currentLocation();
                p.nextToken();
                if (devices.containsKey(name) || others.containsKey(name)) {
                    throw error(source, p, "device '" + name + "' is listed twice");
                }
                order.add(name);
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw error(source, p, "device '" + name + "': expected [\"address\", \"password\"]");
                }
                List<Object> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw error(source, p, "unexpected end of file");
                    } else if (t == JsonToken.VALUE_STRING) {
                        items.add(p.getText());
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        items.add(p.getLongValue());
                    } else {
                        throw error(source, p, "device '" + name + "': unexpected " + t + " in its entry");
                    }
                }
                if (isWebSocketDevice(items)) {
                    try {
                        devices.put(name, GroupEntry.of(name, (String) items.get(0), (String) items.get(1)));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(source + ": line " + at.getLineNr() + ": device '" + name + "': "
                                + e.getMessage());
                    }
                } else {
                    others.put(name, List.copyOf(items));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw error(source, p, "unexpected content after the group object");
            }
        } catch (JsonProcessingException e) {
            // the parser's own message would quote the input, which may contain a password
            JsonLocation l = e.getLocation();
            throw new ConfigException(source + ": not valid JSON"
                    + (l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr()));
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot be parsed (" + e.getClass().getSimpleName() + ")", e);
        }
        return new GroupConfig(Collections.unmodifiableMap(devices), Collections.unmodifiableMap(others),
                List.copyOf(order));
    }

    /** [address, secret] with a WebSocket-style address; serial (baud first/second) and BLE entries are not. */
    private static boolean isWebSocketDevice(List<Object> items) {
        if (items.size() != 2 || !(items.get(0) instanceof String addr) || !(items.get(1) instanceof String)) {
            return false;
        }
        String a = addr.trim();
        boolean serial = a.startsWith("/dev/") || a.toUpperCase().startsWith("COM");
        boolean ble = a.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                || a.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}");
        return !serial && !ble && !a.isEmpty();
    }

    private static ConfigException error(String source, JsonParser p, String what) {
        JsonLocation l = p.currentLocation();
        return new ConfigException(source + ": line " + l.getLineNr() + ", column " + l.getColumnNr() + ": " + what);
    }

    /** WebSocket devices, in file order. */
    public List<GroupEntry> entries() {
        List<GroupEntry> out = new ArrayList<>();
        for (String n : order) {
            GroupEntry e = devices.get(n);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    public Optional<GroupEntry> get(String name) {
        return Optional.ofNullable(devices.get(name));
    }

    /** Names of every entry, WebSocket or not, in file order. */
    public List<String> names() {
        return order;
    }

    public GroupConfig with(GroupEntry entry) {
        Map<String, GroupEntry> d = new LinkedHashMap<>(devices);
        Map<String, List<Object>> o = new LinkedHashMap<>(others);
        List<String> ord = new ArrayList<>(order);
        o.remove(entry.name());
        if (!ord.contains(entry.name())) {
            ord.add(entry.name());
        }
        d.put(entry.name(), entry);
        return new GroupConfig(Collections.unmodifiableMap(d), Collections.unmodifiableMap(o), List.copyOf(ord));
    }

    public GroupConfig without(String name) {
        Map<String, GroupEntry> d = new LinkedHashMap<>(devices);
        Map<String, List<Object>> o = new LinkedHashMap<>(others);
        List<String> ord = new ArrayList<>(order);
        d.remove(name);
        o.remove(name);
        ord.remove(name);
        return new GroupConfig(Collections.unmodifiableMap(d), Collections.unmodifiableMap(o), List.copyOf(ord));
    }

    /** The file text the way upydev writes it (Python's {@code json.dumps}: one line, ", " and ": "). */
    public byte[] toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (String n : order) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(quote(n)).append(": ");
            GroupEntry e = devices.get(n);
            if (e != null) {
                sb.append('[').append(quote(e.address())).append(", ").append(quote(e.secretField())).append(']');
            } else {
                sb.append('[');
                List<Object> items = others.get(n);
                for (int i = 0; i < items.size(); i++) {
                    Object v = items.get(i);
                    sb.append(i == 0 ? "" : ", ").append(v instanceof String s ? quote(s) : v.toString());
                }
                sb.append(']');
            }
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
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

    /** Writes atomically (temp + rename) with owner-only permissions: the file holds passwords. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson(), "rw-------");
    }
}
