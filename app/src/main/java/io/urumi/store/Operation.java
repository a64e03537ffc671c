package io.urumi.store;

import java.time.Instant;

/** One user action on a store, queued durably and carried out by a worker. */
public record Operation(long id, String storeId, Type type, Status status, String requestedBy, int attempts,
                        String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** What the operation does. */
    public enum Type { CREATE, RETRY, DELETE }

    /** Where the operation is in the queue. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public boolean active() {
            return this == QUEUED || this == RUNNING;
        }
    }
}
