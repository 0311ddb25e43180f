package dev.upyd.cli.mip;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mip's install algorithm, run on the host: a package name from the index ({@code INDEX/package/MPY/NAME/VERSION.json}),
 * a URL or {@code github:}/{@code gitlab:} spec (a .py/.mpy file, or a directory with a package.json), or a local
 * package.json; then its files and, recursively, its deps. Everything is fetched and checked before anything is
 * written to the device, so a missing file or a hash mismatch leaves the device as it was. Messages are mip's.
 */
public final class MipResolver {
    /** A file to write, relative to the target directory, with the SHA-256 of its bytes. */
    public record PlannedFile(String path, byte[] content, String sha256) {
    }

    private final MipFetcher fetcher;
    private final String index;
    private final String mpyVersion;
    private final String target;
    private final PrintWriter out;
    private final Map<String, PlannedFile> files = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    public MipResolver(MipFetcher fetcher, String index, String mpyVersion, String target, PrintWriter out) {
        this.fetcher = fetcher;
        this.index = index.replaceAll("/+$", "");
        this.mpyVersion = mpyVersion;
        this.target = target;
        this.out = out;
    }

    public List<PlannedFile> files() {
        return new ArrayList<>(files.values());
    }

    /** {@code spec} is {@code name}, {@code name@version}, a URL or github:/gitlab: spec with an optional {@code @branch}. */
    public void add(String spec) {
        int at = spec.lastIndexOf('@');
        boolean hasVersion = at > 0 && !spec.substring(at + 1).contains("/");
        String pkg = hasVersion ? spec.substring(0, at) : spec;
        String version = hasVersion ? spec.substring(at + 1) : "";
        install(pkg, version);
    }

    private void install(String pkg, String version) {
        if (!seen.add(pkg + "@" + version)) {
            return; // a dependency shared by two packages
        }
        if (MipFetcher.isUrl(pkg)) {
            if (pkg.endsWith(".py") || pkg.endsWith(".mpy")) {
                out.println("Downloading " + pkg + " to " + target);
                String name = pkg.substring(pkg.lastIndexOf('/') + 1);
                plan(name, fetcher.get(MipFetcher.rewrite(pkg, version), "File"), null, pkg);
                return;
            }
            String json = pkg.endsWith(".json") ? pkg : (pkg.endsWith("/") ? pkg : pkg + "/") + "package.json";
            out.println("Installing " + pkg + " to " + target);
            installJson(MipFetcher.rewrite(json, version), version, pkg);
        } else if (pkg.endsWith(".json") && Files.isRegularFile(Path.of(pkg))) {
            out.println("Installing " + pkg + " to " + target);
            installJson(pkg, version, pkg);
        } else {
            if (!pkg.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")) {
                throw new MipException("'" + pkg + "' is not a package name, URL, github:/gitlab: spec or package.json");
            }
            String v = version.isEmpty() ? "latest" : version;
            out.println("Installing " + pkg + " (" + v + ") from " + index + " to " + target);
            installJson(index + "/package/" + mpyVersion + "/" + pkg + "/" + v + ".json", version, pkg);
        }
        out.flush();
    }

    private void installJson(String url, String version, String pkgName) {
        MipPackage p = MipPackage.parse(fetcher.get(url, "Package"), url);
        String base = url.substring(0, Math.max(0, url.lastIndexOf('/')));
        for (MipPackage.Pair h : p.hashes()) {
            String fileUrl = index + "/file/" + h.second().substring(0, 2) + "/" + h.second();
            plan(h.first(), fetcher.get(fileUrl, "File"), h.second(), fileUrl);
        }
        for (MipPackage.Pair u : p.urls()) {
            String src = MipFetcher.isUrl(u.second()) || u.second().startsWith("/") ? u.second() : base + "/" + u.second();
            plan(u.first(), fetcher.get(MipFetcher.rewrite(src, version), "File"), null, src);
        }
        for (MipPackage.Pair d : p.deps()) {
            install(d.first(), d.second() == null || d.second().equals("latest") ? "" : d.second());
        }
        if (p.hashes().isEmpty() && p.urls().isEmpty() && p.deps().isEmpty()) {
            throw new MipException(pkgName + ": the package description lists no files");
        }
    }

    private void plan(String path, byte[] content, String shortHash, String source) {
        String sha = sha256(content);
        if (shortHash != null && !sha.startsWith(shortHash)) {
            throw new MipException("hash mismatch for " + path + " from " + source + ": the index says " + shortHash
                    + "..., the bytes are " + sha.substring(0, shortHash.length()) + "...; nothing was installed", true);
        }
        files.put(path, new PlannedFile(path, content, sha));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
