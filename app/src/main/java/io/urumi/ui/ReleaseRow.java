package io.urumi.ui;

/**
 * One Helm revision in a store's history table. {@code kept} says whether Helm still keeps it (history is bounded),
 * which is what comparing with it or rolling back to it needs.
 */
public record ReleaseRow(int revision, String chartVersion, String appVersion, String status, String description,
                         String requestedBy, String exact, boolean current, boolean kept) {

    /** Another revision that Helm still keeps: one a store can be compared with and rolled back to. */
    public boolean restorable() {
        return kept && !current;
    }
}
