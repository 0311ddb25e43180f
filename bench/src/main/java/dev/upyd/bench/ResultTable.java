package dev.upyd.bench;

import java.util.ArrayList;
import java.util.List;

/** The rows every benchmark adds; printed as one table at the end (and as they come). */
final class ResultTable {
    record Row(String bench, String metric, String value, String baseline, String ratio, String target, String load) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(String bench, String metric, String value, String baseline, String ratio, String target) {
        Row r = new Row(bench, metric, value, baseline, ratio, target, Machine.load1());
        rows.add(r);
        System.out.println("  " + format(r));
        System.out.flush();
    }

    static String ms(double v) {
        return v >= 100 ? String.format("%.0f ms", v) : String.format("%.2f ms", v);
    }

    static String ratio(double baseline, double ours) {
        return ours <= 0 ? "-" : String.format("%.1fx", baseline / ours);
    }

    private static String format(Row r) {
        return String.format("%-4s | %-40s | %-22s | %-22s | %-8s | %-12s | %s", r.bench, r.metric, r.value,
                r.baseline, r.ratio, r.target, r.load);
    }

    synchronized String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| bench | metric | upyd | baseline | ratio | target | load1 |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.bench).append(" | ").append(r.metric).append(" | ").append(r.value)
                    .append(" | ").append(r.baseline).append(" | ").append(r.ratio).append(" | ").append(r.target)
                    .append(" | ").append(r.load).append(" |\n");
        }
        return sb.toString();
    }
}
