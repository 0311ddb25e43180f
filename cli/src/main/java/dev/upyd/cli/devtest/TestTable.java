package dev.upyd.cli.devtest;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table printed after a device's tests, and pytest's closing {@code == 3 passed, 1 failed in 1.2s ==}. */
final class TestTable {
    private static final int MAX_DETAIL = 100;

    private TestTable() {
    }

    static void print(PrintWriter out, List<TestOutcome> results, boolean showFile, double seconds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(showFile ? new String[] {"#", "FILE", "TEST", "RESULT", "TIME", "DETAIL"}
                : new String[] {"#", "TEST", "RESULT", "TIME", "DETAIL"});
        int n = 0;
        for (TestOutcome r : results) {
            n++;
            String detail = r.detail().replace('\n', ' ');
            if (detail.length() > MAX_DETAIL) {
                detail = detail.substring(0, MAX_DETAIL - 3) + "...";
            }
            String time = r.status() == TestOutcome.Status.SKIPPED && r.millis() == 0 ? "-" : r.millis() + " ms";
            rows.add(showFile ? new String[] {String.valueOf(n), r.file(), r.name(), r.status().name(), time, detail}
                    : new String[] {String.valueOf(n), r.name(), r.status().name(), time, detail});
        }
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                boolean last = c == cols - 1;
                sb.append(last ? row[c] : pad(row[c], width[c], c == 0)).append(last ? "" : "  ");
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("== " + summary(results) + String.format(Locale.ROOT, " in %.2fs ==", seconds));
        out.flush();
    }

    static String summary(List<TestOutcome> results) {
        List<String> parts = new ArrayList<>();
        for (TestOutcome.Status s : TestOutcome.Status.values()) {
            long k = results.stream().filter(r -> r.status() == s).count();
            if (k > 0) {
                parts.add(k + " " + s.name().toLowerCase(Locale.ROOT) + (s == TestOutcome.Status.ERROR && k > 1 ? "s" : ""));
            }
        }
        return parts.isEmpty() ? "no tests ran" : String.join(", ", parts);
    }

    private static String pad(String s, int w, boolean right) {
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}
