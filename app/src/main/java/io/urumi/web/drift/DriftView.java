package io.urumi.web.drift;

import io.urumi.drift.Drift;
import java.time.Instant;
import java.util.List;

/**
 * A store's latest drift check as the API shows it. {@code current} is false when the store has been deployed again
 * since (the check then says nothing about what runs now). Secret values never appear, only that they differ.
 */
public record DriftView(boolean checked, Instant checkedAt, Integer revision, boolean current, int total,
                        List<Drift.Difference> differences) {

    public static DriftView of(Drift drift, Integer storeRevision) {
        if (drift == null) {
            return new DriftView(false, null, null, false, 0, List.of());
        }
        return new DriftView(true, drift.checkedAt(), drift.revision(),
                storeRevision != null && storeRevision == drift.revision(), drift.total(), drift.differences());
    }

    /** What the store view carries: whether and when, without the list. */
    public record Summary(Instant checkedAt, int revision, boolean current, int differences) {
        public static Summary of(Drift drift, Integer storeRevision) {
            return drift == null ? null : new Summary(drift.checkedAt(), drift.revision(),
                    storeRevision != null && storeRevision == drift.revision(), drift.total());
        }
    }
}
