package dev.upyd.cli.devicecmd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code device/manifest.json}: upyd's own device modules, each with the path it has on the board and the
 * SHA-256 its release was built with. Read with jackson-core's streaming parser (already on the CLI's
 * class path through the pki module; no object mapper needed for six fields).
 */
public record ModuleManifest(Path folder, List<Module> modules) {
    /** Bound on what is read: the manifest is a few hundred bytes; anything huge is not ours. */
    static final long MAX_BYTES = 256 * 1024;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One module: {@code file} is relative to the device folder, {@code devicePath} absolute on the board. */
    public record Module(String name, String file, String devicePath, String version, long size, String sha256) {
        public String fileName() {
            return file.substring(file.lastIndexOf('/') + 1);
        }
    }

    /** Reads and checks {@code folder/manifest.json}; a bad file is a {@link CliException} naming file and field. */
    public static ModuleManifest read(Path folder) {
        Path file = folder.resolve("manifest.json");
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw bad(file, "the file", "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e);
        }
        List<Module> modules = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, file, "the top level");
            boolean sawModules = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("format")) {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != 1) {
                        throw bad(file, "format", "expected 1, got " + p.getText());
                    }
                } else if (field.equals("modules")) {
                    expect(t, JsonToken.START_ARRAY, file, "modules");
                    sawModules = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        modules.add(module(p, file, modules.size()));
                    }
                } else {
                    p.skipChildren(); // newer fields are fine
                }
            }
            if (!sawModules) {
                throw bad(file, "modules", "missing");
            }
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, file + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() + " at " + j.getLocation().offsetDescription() : e.getMessage()));
        }
        Set<String> paths = new LinkedHashSet<>();
        for (Module m : modules) {
            if (!paths.add(m.devicePath())) {
                throw bad(file, "device_path", m.devicePath() + " is listed twice");
            }
        }
        return new ModuleManifest(folder, List.copyOf(modules));
    }

    private static Module module(JsonParser p, Path file, int index) throws IOException {
        Map<String, Object> f = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) {
                f.put(name, p.getText());
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
                f.put(name, p.getLongValue());
            } else {
                p.skipChildren();
            }
        }
        String where = "modules[" + index + "].";
        String name = string(f, "name", file, where);
        String rel = string(f, "file", file, where);
        String devicePath = string(f, "device_path", file, where);
        String version = string(f, "version", file, where);
        String sha = string(f, "sha256", file, where).toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw bad(file, where + "name", "'" + name + "' is not a Python module name");
        }
        if (rel.startsWith("/") || rel.contains("..") || rel.contains("\\")) {
            throw bad(file, where + "file", "'" + rel + "' must be a relative path inside the device folder");
        }
        if (!devicePath.startsWith("/") || devicePath.contains("..") || devicePath.endsWith("/")) {
            throw bad(file, where + "device_path", "'" + devicePath + "' must be an absolute file path");
        }
        if (!HEX64.matcher(sha).matches()) {
            throw bad(file, where + "sha256", "expected 64 hex digits");
        }
        if (!(f.get("size") instanceof Long size) || size < 0) {
            throw bad(file, where + "size", "expected a non-negative integer");
        }
        return new Module(name, rel, devicePath, version, size, sha);
    }

    private static String string(Map<String, Object> f, String key, Path file, String where) {
        if (f.get(key) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw bad(file, where + key, "missing or not a string");
    }

    private static void expect(JsonToken got, JsonToken want, Path file, String field) {
        if (got != want) {
            throw bad(file, field, "expected " + want.asString() + ", got " + got);
        }
    }

    private static CliException bad(Path file, String field, String reason) {
        return new CliException(Main.ExitCodes.LOCAL_IO, file + ": " + field + ": " + reason);
    }

    /** The host copy of a module. */
    public Path localFile(Module m) {
        return folder.resolve(m.file());
    }

    /**
     * Modules whose file name (or module name) matches one of the globs; all of them for no pattern. A
     * pattern that matches nothing is a usage error, so a typo never silently installs nothing.
     */
    public List<Module> select(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return modules;
        }
        Set<Module> out = new LinkedHashSet<>();
        for (String glob : patterns) {
            Pattern re = DeviceFs.globRegex(glob);
            boolean any = false;
            for (Module m : modules) {
                if (re.matcher(m.fileName()).matches() || re.matcher(m.name()).matches()) {
                    out.add(m);
                    any = true;
                }
            }
            if (!any) {
                throw new CliException(Main.ExitCodes.USAGE, "no upyd device module matches '" + glob
                        + "' (modules: " + String.join(", ", modules.stream().map(Module::fileName).toList()) + ")");
            }
        }
        return modules.stream().filter(out::contains).toList();
    }

    public Module byName(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
