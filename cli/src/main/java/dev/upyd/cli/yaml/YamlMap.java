package dev.upyd.cli.yaml;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a YAML file (a play, a task, a test) read with typed accessors whose errors say where
 * the value is ({@code where}, e.g. "battery.yaml: task 2 (Battery)") and what was expected.
 */
public final class YamlMap {
    private final Map<String, Object> values;
    private final String where;

    private YamlMap(Map<String, Object> values, String where) {
        this.values = values;
        this.where = where;
    }

    /** {@code node} must be a mapping whose keys are all in {@code known} (a misspelt directive is an error). */
    public static YamlMap of(Object node, String where, Set<String> known) {
        if (!(node instanceof Map<?, ?> m)) {
            throw bad(where + ": expected a mapping of directives (name: ...), found " + describe(node));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !known.contains(k)) {
                throw bad(where + ": unknown directive '" + e.getKey() + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            values.put(k, e.getValue());
        }
        return new YamlMap(values, where);
    }

    /** {@code node} must be a list (a document of plays, a list of tasks or tests). */
    public static List<?> list(Object node, String where) {
        if (node instanceof List<?> l) {
            return l;
        }
        throw bad(where + ": expected a list (- name: ...), found " + describe(node));
    }

    /** The same mapping, its errors naming {@code where} (once the entry's name is known). */
    public YamlMap at(String where) {
        return new YamlMap(values, where);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object raw(String key) {
        return values.get(key);
    }

    public String where() {
        return where;
    }

    /** A scalar as text (YAML numbers and booleans too: `command: 42` is Python); null when absent. */
    public String text(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw bad(where + ": '" + key + "' must be text, found " + describe(v));
        }
        return String.valueOf(v);
    }

    public String requiredText(String key) {
        String v = text(key);
        if (v == null || v.isBlank()) {
            throw bad(where + ": '" + key + "' is missing");
        }
        return v;
    }

    /** A non-negative whole number; {@code dflt} when absent. */
    public int count(String key, int dflt, int max) {
        Object v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer i && i >= 0 && i <= max) {
            return i;
        }
        throw bad(where + ": '" + key + "' must be a whole number from 0 to " + max + ", found " + describe(v));
    }

    /** Names given as `a, b` or as a YAML list; empty when absent. */
    public List<String> names(String key) {
        Object v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map || o instanceof List || o == null) {
                    throw bad(where + ": '" + key + "' must list names, found " + describe(o));
                }
                out.add(String.valueOf(o).strip());
            }
        } else if (v instanceof Map) {
            throw bad(where + ": '" + key + "' must list names, found " + describe(v));
        } else {
            for (String s : String.valueOf(v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }

    private static CliException bad(String msg) {
        return new CliException(Main.ExitCodes.USAGE, msg);
    }
}
