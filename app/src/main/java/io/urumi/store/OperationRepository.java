package io.urumi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The operations: the durable queue, at most one active operation per store. */
public interface OperationRepository {
    /**
     * Moves the oldest queued operation to RUNNING and returns it, or empty when the queue is empty. Two claimers
     * never get one operation: the UPDATE re-checks QUEUED under the row lock. On PostgreSQL, where several
     * replicas share the queue (a leader and, for a moment during hand-over, its predecessor), a claimer also skips
     * rows another one has locked instead of waiting for it.
     */
    Optional<Operation> claimNext(Instant now);

    /** Puts a RUNNING operation back in the queue after a transient failure, to be taken again from notBefore. */
    void retryLater(long id, String error, Instant notBefore);

    void succeed(long id, Instant now);

    void fail(long id, String error, Instant now);

    /** After a restart, operations that were RUNNING belong to no one: queue them again. */
    int requeueInterrupted();

    /** The queue at a glance: how many operations wait, and since when the oldest does. */
    record QueueStats(long queued, Instant oldestQueuedAt) {
    }

    QueueStats queueStats();

    Optional<Operation> active(String storeId);

    /** The most recent operation of a store, finished or not. */
    Optional<Operation> latest(String storeId);

    List<Operation> forStore(String storeId);

    Optional<Operation> find(long id);
}
