package dev.upyd.cli.transfer;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceFs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files a {@code get} pattern names on the device, with upydev's depth search ({@code get PAT -d N}:
 * the pattern is also tried as {@code * /PAT}, {@code * /* /PAT} ... for N levels, as upydev's shell does
 * before calling {@code nanoglob.glob}). Wildcards may sit in any path segment; they never match
 * {@code /} nor a hidden name. Matching is done on the host over one listing per pattern (nothing to
 * upload to the board).
 */
public final class DeviceGlob {
    private final DeviceFs fs;
    private final String device;

    public DeviceGlob(DeviceFs fs, String device) {
        this.fs = fs;
        this.device = device;
    }

    /**
     * upydev: {@code [('*' + '/') * i + patt for i in range(depth)]}; depth 0 or 1 is the pattern itself. The
     * levels go below the pattern's start, so an absolute pattern keeps its leading slash.
     */
    public static List<String> withDepth(String pattern, int depth) {
        List<String> out = new ArrayList<>();
        out.add(pattern);
        boolean absolute = pattern.startsWith("/");
        String rest = absolute ? pattern.substring(1) : pattern;
        for (int i = 1; i < depth; i++) {
            out.add((absolute ? "/" : "") + "*/".repeat(i) + rest);
        }
        return out;
    }

    /**
     * Device files (not directories) matching the patterns, in order, without duplicates. The depth levels
     * are added before {@code baseDir} is put in front, as upydev does ({@code -dir lib -d 2}: lib/PAT,
     * lib/* /PAT). A plain path (no wildcard, no depth search) passes unchecked, so a missing file is
     * reported by the transfer itself.
     */
    public List<String> files(List<String> patterns, String baseDir, int depth) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            if (!hasWildcard(p) && depth <= 1) {
                out.add(under(baseDir, p));
                continue;
            }
            int before = out.size();
            for (String variant : withDepth(p, depth)) {
                out.addAll(match(under(baseDir, variant)));
            }
            if (out.size() == before) {
                throw new CliException(Main.ExitCodes.DEVICE_EXCEPTION, device + ": no file matches "
                        + under(baseDir, p) + (depth > 1 ? " (searched " + depth + " levels deep)" : ""));
            }
        }
        return new ArrayList<>(out);
    }

    private static String under(String baseDir, String p) {
        return baseDir == null || p.startsWith("/") ? p : DeviceFs.join(baseDir, p);
    }

    private List<String> match(String raw) throws IOException {
        String pattern = stripDot(raw);
        String[] parts = pattern.split("/", -1);
        int firstWild = 0;
        while (firstWild < parts.length && !hasWildcard(parts[firstWild])) {
            firstWild++;
        }
        // the segments before the first wildcard are a fixed directory: list only below it
        String root;
        if (firstWild == parts.length) {
            int slash = pattern.lastIndexOf('/');
            root = slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash);
        } else {
            root = String.join("/", java.util.Arrays.copyOfRange(parts, 0, firstWild));
            root = root.isEmpty() ? (pattern.startsWith("/") ? "/" : ".") : root;
        }
        boolean recursive = firstWild < parts.length - 1;
        Pattern re = regex(pattern);
        List<String> out = new ArrayList<>();
        if (!fs.isDir(root)) {
            return out; // a depth variant below a directory that is not there matches nothing
        }
        for (DeviceFs.Entry e : fs.walk(List.of(root), recursive, false)) {
            if (e.kind() == DeviceFs.Kind.FILE && re.matcher(e.path()).matches()) {
                out.add(e.path());
            }
        }
        return out;
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** A whole-path regex: {@code *} and {@code ?} stay inside one segment. */
    static Pattern regex(String pattern) {
        List<String> segs = new ArrayList<>();
        for (String seg : pattern.split("/", -1)) {
            segs.add(DeviceFs.globRegex(seg).pattern());
        }
        return Pattern.compile(String.join("/", segs));
    }

    /** Walk paths from the root "." carry no "./"; patterns are written with or without it. */
    public static String stripDot(String pattern) {
        String p = pattern;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p.isEmpty() ? "." : p;
    }
}
