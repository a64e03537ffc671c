package io.urumi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The benchmark's results: one row per figure with its target, printed as one table (also as Markdown). */
final class Figures {
    private final List<Row> rows = new ArrayList<>();

    /** One measured figure; {@code pass} is null when the figure has no target of its own. */
    record Row(String figure, String target, String measured, Boolean pass, String load) {
    }

    void add(String figure, String target, String measured, Boolean pass) {
        rows.add(new Row(figure, target, measured, pass, load()));
        System.out.printf("  %s: %s%n", figure, measured);
    }

    /** The 1, 5 and 15 minute load averages, as `uptime` shows them: the machine is shared, so every figure names it. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Nearest-rank percentile of {@code values} (need not be sorted). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    String table() {
        String[] head = {"figure", "target", "measured", "result", "load (1/5/15 min)"};
        List<String[]> lines = new ArrayList<>();
        lines.add(head);
        rows.forEach(r -> lines.add(new String[] {r.figure(), r.target(), r.measured(),
                r.pass() == null ? "-" : r.pass() ? "pass" : "MISS", r.load()}));
        int[] widths = new int[head.length];
        lines.forEach(l -> {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            out.append('|');
            for (int i = 0; i < l.length; i++) {
                out.append(' ').append(pad(l[i], widths[i])).append(" |");
            }
            out.append('\n');
            if (n == 0) {
                out.append('|');
                for (int width : widths) {
                    out.append(' ').append("-".repeat(width)).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    boolean allPass() {
        return rows.stream().allMatch(r -> r.pass() == null || r.pass());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
