package dev.upyd.cli.transfer;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Host-side files: glob expansion (for patterns the shell did not expand: quoted, or typed in the shell-repl), hashing, walks. */
public final class LocalFiles {
    private LocalFiles() {
    }

    public static List<Path> expand(Path cwd, List<String> patterns) {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            Path whole = cwd.resolve(p);
            if (p.indexOf('*') < 0 && p.indexOf('?') < 0 && p.indexOf('[') < 0) {
                if (!Files.exists(whole)) {
                    throw new CliException(Main.ExitCodes.LOCAL_IO, "no such file: " + whole);
                }
                out.add(whole);
                continue;
            }
            Path dir = whole.getParent();
            String glob = whole.getFileName().toString();
            int before = out.size();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                for (Path f : ds) {
                    if (!f.getFileName().toString().startsWith(".")) {
                        out.add(f);
                    }
                }
            } catch (IOException e) {
                throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot list " + dir + ": " + e.getMessage());
            }
            if (out.size() == before) {
                throw new CliException(Main.ExitCodes.LOCAL_IO, "no local file matches " + p);
            }
            out.subList(before, out.size()).sort(null);
        }
        return out;
    }

    public static String sha256(Path f) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A relative, '/'-separated path for device use. */
    public static String rel(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }

    /** Every non-hidden entry under {@code root} (dirs first in each level), relative to {@code base}. */
    public static List<Path> walk(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }
}
