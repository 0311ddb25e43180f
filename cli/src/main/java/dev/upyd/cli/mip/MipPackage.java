package dev.upyd.cli.mip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A mip package description ({@code package.json} or the index's {@code package/6/NAME/latest.json}):
 * {@code hashes} (files of the index, by short SHA-256), {@code urls} (files anywhere) and {@code deps}. Only
 * these fields are read; anything else is ignored, as mip does. Malformed input is a {@link MipException}
 * naming where it came from.
 */
public record MipPackage(List<Pair> hashes, List<Pair> urls, List<Pair> deps, String version) {
    private static final JsonFactory JSON = new JsonFactory();
    /** A package description is a few kB; anything much larger is not one. */
    static final int MAX_BYTES = 1 << 20;

    /** [target path, hash] / [target path, url] / [package, version]. */
    public record Pair(String first, String second) {
    }

    public static MipPackage parse(byte[] json, String source) {
        if (json.length > MAX_BYTES) {
            throw new MipException(source + ": " + json.length + " bytes is too large for a package description");
        }
        List<Pair> hashes = new ArrayList<>();
        List<Pair> urls = new ArrayList<>();
        List<Pair> deps = new ArrayList<>();
        String version = "";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MipException(source + ": not a mip package description (expected a JSON object)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "hashes" -> pairs(p, t, field, source, hashes);
                    case "urls" -> pairs(p, t, field, source, urls);
                    case "deps" -> pairs(p, t, field, source, deps);
                    case "version" -> version = t == JsonToken.VALUE_STRING ? p.getText() : "";
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new MipException(source + ": malformed package description");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MipException(source + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MipException(source + ": " + e.getMessage());
        }
        for (Pair h : hashes) {
            if (!h.second().matches("[0-9a-f]{4,64}")) {
                throw new MipException(source + ": bad hash '" + h.second() + "' for " + h.first());
            }
        }
        for (Pair f : concat(hashes, urls)) {
            checkPath(f.first(), source);
        }
        return new MipPackage(List.copyOf(hashes), List.copyOf(urls), List.copyOf(deps), version);
    }

    private static List<Pair> concat(List<Pair> a, List<Pair> b) {
        List<Pair> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A package names the files it writes; none may leave the target directory. */
    private static void checkPath(String path, String source) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("'")
                || List.of(path.split("/")).contains("..") || !path.matches("[\\x21-\\x7e]+")) {
            throw new MipException(source + ": refusing file path '" + path + "' (it must stay inside the target directory)");
        }
    }

    private static void pairs(JsonParser p, JsonToken t, String field, String source, List<Pair> out) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new MipException(source + ": \"" + field + "\" must be a list of pairs");
        }
        while (p.nextToken() == JsonToken.START_ARRAY) {
            String a = text(p, field, source);
            String b = text(p, field, source);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new MipException(source + ": \"" + field + "\" entries are pairs");
            }
            out.add(new Pair(a, b));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new MipException(source + ": \"" + field + "\" must be a list of pairs");
        }
    }

    private static String text(JsonParser p, String field, String source) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new MipException(source + ": \"" + field + "\" entries are pairs of strings");
        }
        return p.getText();
    }
}
