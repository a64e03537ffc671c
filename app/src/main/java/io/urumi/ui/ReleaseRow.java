package io.urumi.ui;

/** One Helm revision in a store's history table. */
public record ReleaseRow(int revision, String chartVersion, String appVersion, String status, String description,
                         String requestedBy, String exact, boolean current) {
}
