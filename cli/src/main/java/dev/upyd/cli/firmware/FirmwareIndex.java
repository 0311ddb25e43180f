package dev.upyd.cli.firmware;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.pki.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A board's firmware list on micropython.org's download page ({@code BASE/BOARD/}): every link to a
 * file under {@code /resources/firmware/}, in page order, resolved against the page (https, where upydev
 * builds scheme-less links for curl). Downloads land under a temporary name and are renamed when complete.
 */
public final class FirmwareIndex {
    public static final String DEFAULT_BASE = "https://micropython.org/download/";
    static final long MAX_PAGE = 8L << 20;
    static final long MAX_FIRMWARE = 64L << 20;
    private static final Pattern LINK = Pattern.compile("href\\s*=\\s*[\"']([^\"'#?]*/resources/firmware/[^\"'#?]+)[\"']",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("(?<![0-9])(20[0-9]{6})(?![0-9])");

    private final URI base;
    private final HttpClient http;

    public FirmwareIndex(String base) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** File name to absolute link, in page order; empty when the board has no page or no firmware on it. */
    public Map<String, URI> list(String board) throws IOException, InterruptedException {
        URI page = base.resolve(board + "/");
        HttpResponse<InputStream> r = send(page);
        if (r.statusCode() == 404) {
            r.body().close();
            return Map.of();
        }
        if (r.statusCode() != 200) {
            r.body().close();
            throw new CliException(Main.ExitCodes.UNREACHABLE, page + ": HTTP " + r.statusCode());
        }
        String html;
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes((int) MAX_PAGE + 1);
            if (b.length > MAX_PAGE) {
                throw new CliException(Main.ExitCodes.UNREACHABLE, page + ": page larger than " + (MAX_PAGE >> 20) + " MiB");
            }
            html = new String(b, StandardCharsets.UTF_8);
        }
        return links(page, html);
    }

    static Map<String, URI> links(URI page, String html) {
        Map<String, URI> out = new LinkedHashMap<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            URI link = page.resolve(m.group(1).replace("&amp;", "&"));
            String path = link.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!name.isEmpty() && !name.startsWith(".")) {
                out.putIfAbsent(name, link);
            }
        }
        return out;
    }

    /** The names built on the newest date in their names (upydev's "latest": today, then one day back at a time). */
    public static List<String> latest(List<String> names) {
        String best = null;
        for (String n : names) {
            Matcher m = DATE.matcher(n);
            if (m.find() && (best == null || m.group(1).compareTo(best) > 0)) {
                best = m.group(1);
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Matcher m = DATE.matcher(n);
            if (best != null && m.find() && m.group(1).equals(best)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Downloads {@code link} to {@code target} (temporary name first); returns the size. */
    public long download(URI link, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = send(link);
        if (r.statusCode() != 200) {
            r.body().close();
            throw new CliException(Main.ExitCodes.UNREACHABLE, link + ": HTTP " + r.statusCode());
        }
        long announced = r.headers().firstValueAsLong("content-length").orElse(-1);
        long[] size = {0};
        try (InputStream in = r.body()) {
            AtomicFiles.write(target, out -> {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    size[0] += n;
                    if (size[0] > MAX_FIRMWARE) {
                        throw new CliException(Main.ExitCodes.UNREACHABLE, link + ": larger than " + (MAX_FIRMWARE >> 20)
                                + " MiB, not a firmware file");
                    }
                    out.write(buf, 0, n);
                }
                if (announced >= 0 && announced != size[0]) { // before the rename: a cut download keeps no file
                    throw new CliException(Main.ExitCodes.INTEGRITY, link + ": announced " + announced + " bytes, received "
                            + size[0]);
                }
            }, "rw-r--r--");
        } catch (CliException e) {
            throw e;
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, link + ": download failed after " + size[0] + " bytes ("
                    + e.getMessage() + "); no file was kept");
        }
        return size[0];
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("User-Agent", "upyd/" + Main.version()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, "cannot reach " + uri + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
