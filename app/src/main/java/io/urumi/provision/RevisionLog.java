package io.urumi.provision;

import io.urumi.store.StoreNames;
import io.urumi.store.ReleaseRecord;
import io.urumi.store.ReleaseRepository;
import java.time.Clock;

/** Writes each Helm revision of a store into the platform's own history, with who asked for it. */
final class RevisionLog {
    private final StoreReleases releases;
    private final ReleaseRepository records;
    private final Clock clock;

    RevisionLog(StoreReleases releases, ReleaseRepository records, Clock clock) {
        this.releases = releases;
        this.records = records;
        this.clock = clock;
    }

    void record(String storeId, ReleaseStatus status, String description, String requestedBy) {
        if (status.exists()) {
            records.record(new ReleaseRecord(storeId, status.revision(), StoreNames.release(storeId),
                    status.chartVersion(), status.appVersion(), status.status(), description, requestedBy,
                    clock.instant()));
        }
    }

    /** Records whatever revision Helm has now, typically the one a failed operation left. */
    void recordCurrent(String storeId, String description, String requestedBy) {
        record(storeId, releases.status(storeId), description, requestedBy);
    }

    /**
     * A crash leaves the release pending-install or pending-upgrade while the operation stays RUNNING; the operation
     * resumes here holding the store's only active operation, so the release can safely be unlocked (marked failed,
     * as Flux does). Returns the release as it stands afterwards.
     */
    ReleaseStatus recoverInterrupted(String storeId, Steps steps) {
        ReleaseStatus current = releases.status(storeId);
        if (!current.pending()) {
            return current;
        }
        releases.unlock(storeId, current.revision(), "Interrupted (" + current.status() + "); unlocked by Urumi");
        steps.note("release", "Recovered the interrupted release left in state '" + current.status()
                + "' at revision " + current.revision());
        return new ReleaseStatus("failed", current.revision(), current.chartVersion(), current.appVersion());
    }
}
