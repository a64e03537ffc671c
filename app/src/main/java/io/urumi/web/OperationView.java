package io.urumi.web;

import io.urumi.store.Operation;
import java.time.Instant;

/** The last operation of a store as the API shows it: what was asked, how it ended, and why it failed. */
public record OperationView(Long id, String type, String parameter, String status, String requestedBy,
                            Instant createdAt, Instant finishedAt, String error) {
    static OperationView of(Operation op) {
        return new OperationView(op.id(), op.type().name(), op.parameter(), op.status().name(), op.requestedBy(),
                op.createdAt(), op.finishedAt(), op.error());
    }
}
