package dev.upyd.cli.group;

import dev.upyd.pki.config.GroupEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * upydev's group listings, character for character, so that scripts written against upydev's output keep
 * working: {@code see}/{@code gg} ({@code ┣━ NAME______ -> WebSocketDevice @ ADDR }, trailing space included),
 * and the flat lists {@code mkg}/{@code mksg} ({@code NAME -> T @ A}) and {@code mgg} ({@code NAME : T @ A}) print.
 * upyd reaches WebSocket devices only, so the type is always upydev's {@code WebSocketDevice}.
 */
public final class GroupListing {
    public static final String DEVICE_TYPE = "WebSocketDevice";

    private GroupListing() {
    }

    public static void header(PrintWriter out, String group, int devices) {
        out.println("GROUP NAME: " + group);
        out.println("# DEVICES: " + devices);
    }

    /** upydev's {@code see}: a tree, names padded to 10, each line ending in one space as upydev prints it. */
    public static void tree(PrintWriter out, List<GroupEntry> entries, Function<GroupEntry, String> suffix) {
        for (int i = 0; i < entries.size(); i++) {
            GroupEntry e = entries.get(i);
            out.printf("%s %-10s -> %s @ %s %s%n", i == entries.size() - 1 ? "┗━" : "┣━", e.name(), DEVICE_TYPE,
                    e.address(), suffix.apply(e));
        }
    }

    public static void see(PrintWriter out, String group, List<GroupEntry> entries) {
        header(out, group, entries.size());
        tree(out, entries, e -> "");
        out.flush();
    }

    /** {@code NAME -> WebSocketDevice @ ADDR} (mkg, mksg) or {@code NAME : WebSocketDevice @ ADDR} (mgg). */
    public static void flat(PrintWriter out, List<GroupEntry> entries, String arrow) {
        for (GroupEntry e : entries) {
            out.println(e.name() + " " + arrow + " " + DEVICE_TYPE + " @ " + e.address());
        }
    }
}
