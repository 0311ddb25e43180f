package dev.upyd.cli.mip;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Gets package descriptions and files on the host, the way mip does on a board: {@code github:} and
 * {@code gitlab:} shorthands become raw URLs of the branch, plain paths are local files (mpremote's local
 * {@code package.json}). Errors say which URL and why; a body over the limit is refused rather than buffered.
 */
public final class MipFetcher {
    /** A MicroPython library file: anything past this is not one. */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final HttpClient http;
    private final Duration timeout;

    public MipFetcher(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout).build();
    }

    public static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("github:") || s.startsWith("gitlab:");
    }

    /** mip's _rewrite_url: the version of a URL install is the git branch or tag. */
    public static String rewrite(String url, String branch) {
        String b = branch == null || branch.isEmpty() || branch.equals("latest") ? "HEAD" : branch;
        if (url.startsWith("github:")) {
            String[] p = url.substring(7).split("/", 3);
            return "https://raw.githubusercontent.com/" + p[0] + "/" + (p.length > 1 ? p[1] : "") + "/" + b
                    + (p.length > 2 ? "/" + p[2] : "");
        }
        if (url.startsWith("gitlab:")) {
            String[] p = url.substring(7).split("/", 3);
            return "https://gitlab.com/" + p[0] + "/" + (p.length > 1 ? p[1] : "") + "/-/raw/" + b
                    + (p.length > 2 ? "/" + p[2] : "");
        }
        return url;
    }

    /** The body of {@code url} (http/https) or of a local file; 404 and other failures are MipExceptions. */
    public byte[] get(String url, String what) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            try {
                Path p = Path.of(url);
                if (Files.size(p) > MAX_FILE_BYTES) {
                    throw new MipException(what + " " + url + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new MipException(what + " not found: " + url + " (" + e.getMessage() + ")");
            }
        }
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("User-Agent", "upyd-mip").GET().build();
        } catch (IllegalArgumentException e) {
            throw new MipException("invalid URL for " + what + ": " + url);
        }
        try {
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() == 404) {
                    throw new MipException(what + " not found: " + url);
                }
                if (r.statusCode() != 200) {
                    throw new MipException("Error " + r.statusCode() + " requesting " + url);
                }
                byte[] body = in.readNBytes((int) MAX_FILE_BYTES + 1);
                if (body.length > MAX_FILE_BYTES) {
                    throw new MipException(what + " " + url + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return body;
            }
        } catch (IOException e) {
            throw new MipException((e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " requesting " + url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MipException("interrupted requesting " + url);
        }
    }
}
