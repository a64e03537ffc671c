package io.urumi.store;

import java.time.Instant;

/** One entry of a store's timeline: a step that started, finished, failed, or a note. */
public record StoreEvent(long id, String storeId, Long operationId, String step, Status status, String message,
                         Instant at) {
    /** The step under which the release's Helm test (run after installs, upgrades and rollbacks) is recorded. */
    public static final String RELEASE_TEST_STEP = "release-test";

    /** Whether this event ends a step (DONE or FAILED). */
    public boolean outcome() {
        return status == Status.DONE || status == Status.FAILED;
    }

    /** How the step stands at the time of the event. */
    public enum Status { STARTED, DONE, FAILED, INFO }
}
