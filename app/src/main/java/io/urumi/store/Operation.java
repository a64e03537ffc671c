package io.urumi.store;

import java.time.Instant;

/** One user action on a store, queued durably and carried out by a worker. */
public record Operation(long id, String storeId, Type type, String parameter, Status status, String requestedBy,
                        int attempts,
                        String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /**
     * What the operation does; UPGRADE carries the target chart version, ROLLBACK the revision. RESTART,
     * RESET_PASSWORD and REPAIR (redeploy the current revision to undo drift) act on a READY store, which keeps
     * serving (and stays READY) while they run.
     */
    public enum Type { CREATE, RETRY, DELETE, UPGRADE, ROLLBACK, RESTART, RESET_PASSWORD, REPAIR }

    /** Where the operation is in the queue. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public boolean active() {
            return this == QUEUED || this == RUNNING;
        }
    }
}
