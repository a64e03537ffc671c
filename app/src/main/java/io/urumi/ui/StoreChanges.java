package io.urumi.ui;

import java.util.List;

/**
 * What the store page offers for moving a store between chart versions and revisions: whether it can be done now
 * (and if not, why), the chart versions it can move to, and how the last upgrade or rollback went.
 */
public record StoreChanges(boolean allowed, String whyNot, List<String> upgradeTargets, Notice notice) {

    /** How the latest upgrade or rollback went, when there is something to say about it. */
    public record Notice(String tone, String heading, String text) {
    }

    /** A failed upgrade or rollback the store survived: shown as an alert at the top of the store page. */
    public Notice failedNotice() {
        return notice != null && "bad".equals(notice.tone()) ? notice : null;
    }

    /** An upgrade or rollback queued or running now: shown in the progress view. */
    public Notice runningNotice() {
        return notice != null && "busy".equals(notice.tone()) ? notice : null;
    }

    public boolean canUpgrade() {
        return allowed && !upgradeTargets.isEmpty();
    }
}
