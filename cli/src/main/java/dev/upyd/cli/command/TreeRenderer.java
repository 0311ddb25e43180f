package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceFs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Draws a walk as upydev's {@code tree} does: box-drawing branches, then "N directories, M files". */
final class TreeRenderer {
    private final Style style;

    TreeRenderer(Style style) {
        this.style = style;
    }

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        boolean dir;
    }

    String render(String root, List<DeviceFs.Entry> entries) {
        Node top = new Node();
        top.dir = true;
        int dirs = 0;
        int files = 0;
        String prefix = root.equals(".") || root.isEmpty() ? "" : (root.endsWith("/") ? root : root + "/");
        for (DeviceFs.Entry e : entries) {
            if (e.kind() == DeviceFs.Kind.ROOT_DIR || e.kind() == DeviceFs.Kind.ROOT_FILE) {
                continue;
            }
            String rel = e.path().startsWith(prefix) ? e.path().substring(prefix.length()) : e.path();
            Node n = top;
            for (String part : rel.split("/")) {
                n = n.children.computeIfAbsent(part, k -> new Node());
            }
            n.dir = e.isDir();
            if (e.isDir()) {
                dirs++;
            } else {
                files++;
            }
        }
        StringBuilder sb = new StringBuilder(style.dir(root)).append('\n');
        draw(top, "", sb);
        sb.append('\n').append(dirs).append(dirs == 1 ? " directory, " : " directories, ")
                .append(files).append(files == 1 ? " file" : " files");
        return sb.toString();
    }

    private void draw(Node n, String indent, StringBuilder sb) {
        List<Map.Entry<String, Node>> kids = new ArrayList<>(n.children.entrySet());
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            Map.Entry<String, Node> k = kids.get(i);
            sb.append(indent).append(last ? "└── " : "├── ")
                    .append(k.getValue().dir ? style.dir(k.getKey()) : k.getKey()).append('\n');
            if (k.getValue().dir) {
                draw(k.getValue(), indent + (last ? "    " : "│   "), sb);
            }
        }
    }
}
