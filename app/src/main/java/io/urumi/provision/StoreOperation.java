package io.urumi.provision;

import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;

/**
 * One kind of operation on a store, in one shape: the steps it declares (what the store page shows) and running
 * them. Each step it records must be one its plan declares; {@link Steps} refuses any other.
 */
public interface StoreOperation {
    StepPlan plan(Engine engine);

    void run(Store store, Operation op);
}
