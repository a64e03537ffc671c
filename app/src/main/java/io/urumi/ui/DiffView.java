package io.urumi.ui;

import java.util.List;

/**
 * A unified diff laid out for a page: one line each, classed as added, removed, hunk header, file header or
 * context. The +/- prefix stays on every line, so the colour only repeats what the text already says.
 */
public record DiffView(String title, List<Line> lines) {

    /** One line of the diff and what kind of line it is. */
    public record Line(String text, String kind) {
    }

    public static DiffView of(String title, String unified) {
        List<Line> lines = unified == null || unified.isEmpty() ? List.of()
                : unified.lines().map(l -> new Line(l, kind(l))).toList();
        return new DiffView(title, lines);
    }

    public boolean empty() {
        return lines.isEmpty();
    }

    public long added() {
        return lines.stream().filter(l -> "add".equals(l.kind())).count();
    }

    public long removed() {
        return lines.stream().filter(l -> "del".equals(l.kind())).count();
    }

    /** "3 lines added, 1 removed", so the size of a change is read before the change itself. */
    public String summary() {
        return empty() ? "No differences" : added() + (added() == 1 ? " line" : " lines") + " added, " + removed()
                + " removed";
    }

    private static String kind(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return "file";
        }
        if (line.startsWith("@@")) {
            return "hunk";
        }
        if (line.startsWith("+")) {
            return "add";
        }
        if (line.startsWith("-")) {
            return "del";
        }
        return "ctx";
    }
}
