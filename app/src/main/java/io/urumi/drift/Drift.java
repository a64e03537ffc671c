package io.urumi.drift;

import java.time.Instant;
import java.util.List;

/**
 * How a store's live objects differ from its release manifest, as last checked: {@code total} differences at
 * {@code revision}, of which the first few are kept. Values of Secrets never appear, only that they differ.
 */
public record Drift(int revision, Instant checkedAt, int total, List<Difference> differences) {
    /** At most this many differences are kept and shown; {@code total} still counts all of them. */
    public static final int KEPT = 50;

    /** Whether anything differed. */
    public boolean drifted() {
        return total > 0;
    }

    /**
     * One object missing from the cluster ({@code path} empty), or one field the manifest sets that the live object
     * has otherwise. {@code manifest} and {@code live} are short renderings, null for a Secret's data or a missing
     * value.
     */
    public record Difference(String kind, String name, Change change, String path, String manifest, String live) {
        /** In words, for a timeline or a log line. */
        public String describe() {
            return switch (change) {
                case MISSING -> kind + " " + name + " is missing";
                case SECRET_DATA -> kind + " " + name + ": data differs (values not shown)";
                case CHANGED -> kind + " " + name + ": " + path + " is " + (live == null ? "unset" : live)
                        + ", manifest says " + manifest;
            };
        }
    }

    /** What kind of difference it is. */
    public enum Change { MISSING, CHANGED, SECRET_DATA }
}
