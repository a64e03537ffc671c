package io.urumi.provision;

import io.urumi.store.Operation;
import io.urumi.store.Store;

/**
 * One kind of operation on a store, in one shape. Each declares its step plan as a constant beside its code
 * ({@link StepPlans} finds it by type for the pages) and records only steps of that plan; {@link Steps} refuses any
 * other.
 */
public interface StoreOperation {
    void run(Store store, Operation op);
}
