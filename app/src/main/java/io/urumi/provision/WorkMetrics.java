package io.urumi.provision;

import io.urumi.store.Operation;
import java.time.Duration;

/** What the workers report about the work they finish, for the platform's metrics. */
public interface WorkMetrics {
    /** How an operation ended this time; RETRYING means it went back to the queue after a transient failure. */
    enum Outcome { SUCCEEDED, FAILED, RETRYING }

    void operationFinished(Operation.Type type, Outcome outcome);

    /** A store reached READY after creation or a retry, {@code took} after provisioning started. */
    void storeProvisioned(Duration took);

    /** A release's Helm test ran after an install, upgrade or rollback. */
    void releaseTested(boolean passed);

    /** Reports nowhere. */
    WorkMetrics NONE = new WorkMetrics() {
        @Override
        public void operationFinished(Operation.Type type, Outcome outcome) {
        }

        @Override
        public void storeProvisioned(Duration took) {
        }

        @Override
        public void releaseTested(boolean passed) {
        }
    };
}
