package io.urumi.store;

import java.time.Instant;

/** One entry of a store's timeline: a step that started, finished, failed, or a note. */
public record StoreEvent(long id, String storeId, Long operationId, String step, Status status, String message,
                         Instant at) {
    /** How the step stands at the time of the event. */
    public enum Status { STARTED, DONE, FAILED, INFO }
}
