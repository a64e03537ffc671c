package io.urumi.ui;

import io.urumi.store.Engine;
import io.urumi.store.StoreNames;
import java.util.List;

/** Everything the store page shows about one store, and which actions its state allows. */
public record StoreDetail(String id, String engine, Badge badge, String url, boolean live, String adminEmail,
                          String owner, String adminUser, String adminUrl, String chartVersion, Integer helmRevision,
                          String createdExact, String provisioning, String failedStepTitle, String failureReason,
                          List<ProgressStep> steps, List<ReleaseRow> releases, List<EventRow> timeline,
                          boolean busy, boolean canRetry, boolean canDelete, boolean canReveal, boolean deleted,
                          StoreChanges changes, EventRow releaseTest, DriftPanel drift, String publishableKey) {

    /** Only Medusa stores have a publishable API key; null hides the row. */
    public boolean hasPublishableKey() {
        return Engines.label(Engine.MEDUSA).equals(engine);
    }

    public String refreshPath() {
        return "/fragments/stores/" + id;
    }

    /** Polling stops by itself: once the store is at rest the fragment comes back without a trigger. */
    public String pollTrigger() {
        return busy ? "every 2s" : null;
    }

    public String pollPath() {
        return busy ? refreshPath() : null;
    }

    public String chartVersionText() {
        return chartVersion == null ? "—" : chartVersion;
    }

    public String helmRevisionText() {
        return helmRevision == null ? "—" : String.valueOf(helmRevision);
    }

    public String namespace() {
        return StoreNames.namespace(id);
    }

    /** The latest Helm test failed; the store may still be READY (a failed test never fails a store). */
    public boolean releaseTestFailed() {
        return releaseTest != null && "bad".equals(releaseTest.badge().tone());
    }

    public boolean failed() {
        return failedStepTitle != null;
    }
}
