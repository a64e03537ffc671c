package io.urumi.provision;

import io.urumi.store.StoreNames;
import org.slf4j.MDC;

/**
 * Puts the store id, operation id and release name into the logging context of the current thread, so every line
 * logged while an operation runs (ours, Helm adapter's, the Kubernetes client's) carries them as JSON fields and one
 * store's story can be filtered from the logs by {@code store}.
 */
public final class StoreLogContext implements AutoCloseable {
    public static final String STORE = "store";
    public static final String OPERATION = "operation";
    public static final String RELEASE = "release";

    private StoreLogContext() {
    }

    /** Sets the fields until {@link #close()}; a worker thread runs one operation at a time. */
    public static StoreLogContext of(String storeId, long operationId) {
        MDC.put(STORE, storeId);
        MDC.put(OPERATION, String.valueOf(operationId));
        MDC.put(RELEASE, StoreNames.release(storeId));
        return new StoreLogContext();
    }

    @Override
    public void close() {
        MDC.remove(STORE);
        MDC.remove(OPERATION);
        MDC.remove(RELEASE);
    }
}
