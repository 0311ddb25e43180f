package dev.upyd.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One capture of src/test/resources/transcripts (copied from the shared captures of a real MicroPython 1.28
 * device; see README.md there). Each line is a flat JSON object; a tiny reader is enough for that.
 */
public final class Transcript {
    public record Event(String dir, String kind, byte[] bytes, String text, Map<String, Object> raw) {
        public boolean s2c() {
            return dir.equals("s2c");
        }

        public boolean c2s() {
            return dir.equals("c2s");
        }

        public boolean frame() {
            return kind.equals("text") || kind.equals("binary");
        }
    }

    private final String name;
    private final List<Event> events;

    private Transcript(String name, List<Event> events) {
        this.name = name;
        this.events = events;
    }

    public static Transcript load(String name) {
        try (InputStream in = Transcript.class.getResourceAsStream("/transcripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource /transcripts/" + name);
            }
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Event> events = new ArrayList<>();
            for (String line : all.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) new Json(line).value();
                String hex = (String) m.getOrDefault("hex", "");
                events.add(new Event((String) m.get("dir"), (String) m.get("kind"), HexFormat.of().parseHex(hex),
                        (String) m.getOrDefault("text", ""), m));
            }
            return new Transcript(name, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public List<Event> events() {
        return events;
    }

    public List<Event> select(Predicate<Event> p) {
        return events.stream().filter(p).toList();
    }

    /** The raw HTTP upgrade bytes noted in the capture, in order (request, response, request, ...). */
    public List<byte[]> httpNotes(String dir) {
        return events.stream()
                .filter(e -> e.kind().equals("note") && e.dir().equals(dir) && e.text().startsWith("HTTP upgrade"))
                .map(Event::bytes).toList();
    }

    /** Minimal JSON reader: objects, arrays, strings with escapes, numbers, true/false/null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return false;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("JSON: expected " + c + " at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
