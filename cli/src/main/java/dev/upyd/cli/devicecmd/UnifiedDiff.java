package dev.upyd.cli.devicecmd;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code diff -u} of two small texts (boot.py). Hand-written because the CLI's class path has no diff
 * library (java-diff-utils would be one more jar on every start for one command) and boot.py is small:
 * a longest-common-subsequence table over lines, bounded by {@link #MAX_CELLS}; beyond that the whole file
 * is shown as replaced.
 */
public final class UnifiedDiff {
    static final long MAX_CELLS = 4_000_000;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** Empty when the texts are equal. */
    public static String of(String oldName, String newName, String a, String b) {
        List<String> x = lines(a);
        List<String> y = lines(b);
        if (x.equals(y)) {
            return "";
        }
        List<char[]> ops = script(x, y); // {op, ...}: ' ' keep, '-' delete, '+' insert
        StringBuilder sb = new StringBuilder("--- ").append(oldName).append('\n')
                .append("+++ ").append(newName).append('\n');
        int n = ops.size();
        int i = 0;
        // positions in x/y before each op
        int[] ax = new int[n + 1];
        int[] ay = new int[n + 1];
        for (int k = 0; k < n; k++) {
            char op = ops.get(k)[0];
            ax[k + 1] = ax[k] + (op != '+' ? 1 : 0);
            ay[k + 1] = ay[k] + (op != '-' ? 1 : 0);
        }
        while (i < n) {
            while (i < n && ops.get(i)[0] == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are closer than 2*CONTEXT apart
            while (true) {
                while (end < n && ops.get(end)[0] != ' ') {
                    end++;
                }
                int gap = end;
                while (gap < n && ops.get(gap)[0] == ' ' && gap - end < 2 * CONTEXT) {
                    gap++;
                }
                if (gap < n && ops.get(gap)[0] != ' ') {
                    end = gap;
                } else {
                    end = Math.min(n, end + CONTEXT);
                    break;
                }
            }
            int oldLen = ax[end] - ax[start];
            int newLen = ay[end] - ay[start];
            sb.append("@@ -").append(range(ax[start], oldLen)).append(" +").append(range(ay[start], newLen))
                    .append(" @@\n");
            for (int k = start; k < end; k++) {
                char op = ops.get(k)[0];
                String line = op == '+' ? y.get(ay[k]) : x.get(ax[k]);
                sb.append(op).append(line).append('\n');
            }
            i = end;
        }
        return sb.toString();
    }

    private static String range(int from, int len) {
        return (len == 0 ? from : from + 1) + (len == 1 ? "" : "," + len);
    }

    private static List<char[]> script(List<String> x, List<String> y) {
        int n = x.size();
        int m = y.size();
        List<char[]> ops = new ArrayList<>();
        if ((long) n * m > MAX_CELLS) {
            x.forEach(l -> ops.add(new char[] {'-'}));
            y.forEach(l -> ops.add(new char[] {'+'}));
            return ops;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                ops.add(new char[] {' '});
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new char[] {'+'});
                j++;
            } else {
                ops.add(new char[] {'-'});
                i++;
            }
        }
        // deletions before insertions inside a change, as diff -u prints them
        for (int k = 1; k < ops.size(); k++) {
            if (ops.get(k)[0] == '-' && ops.get(k - 1)[0] == '+') {
                int s = k;
                while (s > 0 && ops.get(s - 1)[0] == '+') {
                    s--;
                }
                ops.add(s, ops.remove(k));
            }
        }
        return ops;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
