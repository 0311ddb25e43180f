package dev.upyd.cli.device;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.pylit.PyNone;
import dev.upyd.protocol.pylit.PyTuple;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The device's file system as typed values, through {@link DeviceCode} snippets run by the daemon.
 */
public final class DeviceFs {
    private final DaemonClient client;
    private final String device;

    public DeviceFs(DaemonClient client, String device) {
        this.client = client;
        this.device = device;
    }

    /** One entry of a listing. kind: FILE, DIR, ROOT_DIR (a listed directory itself), ROOT_FILE (a listed file). */
    public record Entry(String path, Kind kind, long size) {
        public boolean isDir() {
            return kind == Kind.DIR || kind == Kind.ROOT_DIR;
        }
    }

    public enum Kind { FILE, DIR, ROOT_DIR, ROOT_FILE }

    /** One entry of a SHA-256 inventory (dsync). */
    public record Hashed(String path, boolean dir, long size, String sha256) {
    }

    public List<Entry> walk(List<String> roots, boolean recursive, boolean hidden) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (PyTuple t : tuples(client.eval(device, DeviceCode.walk(roots, recursive, hidden)))) {
            Kind k = switch (num(t.get(1)).intValue()) {
                case 0 -> Kind.FILE;
                case 1 -> Kind.DIR;
                case 2 -> Kind.ROOT_DIR;
                default -> Kind.ROOT_FILE;
            };
            out.add(new Entry((String) t.get(0), k, num(t.get(2)).longValue()));
        }
        return out;
    }

    public List<Hashed> inventory(List<String> roots) throws IOException {
        List<Hashed> out = new ArrayList<>();
        for (PyTuple t : tuples(client.eval(device, DeviceCode.inventory(roots)))) {
            out.add(new Hashed((String) t.get(0), num(t.get(1)).intValue() == 1, num(t.get(2)).longValue(),
                    (String) t.get(3)));
        }
        return out;
    }

    public String sha256(String path) throws IOException {
        return client.eval(device, DeviceCode.sha256(path)).strip();
    }

    /** (mode, size), or null when the path does not exist. */
    public long[] stat(String path) throws IOException {
        Object v = parse(client.eval(device, DeviceCode.stat(path)).strip());
        if (v == PyNone.NONE) {
            return null;
        }
        PyTuple t = (PyTuple) v;
        return new long[] {num(t.get(0)).longValue(), num(t.get(1)).longValue()};
    }

    public boolean isDir(String path) throws IOException {
        long[] s = stat(path);
        return s != null && (s[0] & 0x4000) != 0;
    }

    /** Names in a directory with a directory flag. */
    public List<Entry> list(String dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (PyTuple t : tuples(client.eval(device, DeviceCode.names(dir)))) {
            out.add(new Entry((String) t.get(0), Boolean.TRUE.equals(t.get(1)) ? Kind.DIR : Kind.FILE, -1));
        }
        return out;
    }

    /**
     * Device-side globbing without uploading {@code nanoglob}: a pattern's last segment may hold
     * {@code *} and {@code ?}; its directory is listed and matched on the host. Plain paths pass as they are.
     */
    public List<String> expand(List<String> patterns, String baseDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            String full = baseDir == null || p.startsWith("/") ? p : join(baseDir, p);
            if (full.indexOf('*') < 0 && full.indexOf('?') < 0) {
                out.add(full);
                continue;
            }
            int slash = full.lastIndexOf('/');
            String dir = slash < 0 ? "" : (slash == 0 ? "/" : full.substring(0, slash));
            Pattern re = globRegex(full.substring(slash + 1));
            int before = out.size();
            for (Entry e : list(dir.isEmpty() ? "." : dir)) {
                if (re.matcher(e.path()).matches() && !e.path().startsWith(".")) {
                    out.add(dir.isEmpty() ? e.path() : join(dir, e.path()));
                }
            }
            if (out.size() == before) {
                throw new CliException(Main.ExitCodes.DEVICE_EXCEPTION, device + ": no file matches " + full);
            }
        }
        return out;
    }

    public static String join(String dir, String name) {
        if (dir.isEmpty() || dir.equals(".")) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    public static Pattern globRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    static List<PyTuple> tuples(String stdout) {
        List<PyTuple> out = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (!line.isBlank()) {
                Object v = parse(line.strip());
                if (!(v instanceof PyTuple t)) {
                    throw new CliException(Main.ExitCodes.INTERNAL, "unexpected device output: " + line);
                }
                out.add(t);
            }
        }
        return out;
    }

    static Object parse(String text) {
        try {
            return PythonLiteral.parse(text);
        } catch (ProtocolException e) {
            throw new CliException(Main.ExitCodes.INTERNAL, "unexpected device output (" + e.getMessage() + ")");
        }
    }

    static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new CliException(Main.ExitCodes.INTERNAL, "expected a number from the device, got " + o);
    }
}
