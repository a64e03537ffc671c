package io.urumi.provision;

import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;

/** Takes a READY store back to an earlier revision (the operation's parameter): its exact chart and values. */
public final class Rollback implements StoreOperation {
    public static final StepPlan PLAN = StepPlans.opening()
            .step("rollback", "Restore the revision's chart and values, pods and setup job")
            .ifItHappens("setup-job", "Store setup after the rollback")
            .step(StoreEvent.RELEASE_TEST_STEP, StepPlans.RELEASE_TEST)
            .step("ready", "Ready")
            .build();
    private final Work work;

    public Rollback(Work work) {
        this.work = work;
    }

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        int revision = Integer.parseInt(op.parameter());
        Steps steps = work.steps(store, op, PLAN);
        ReleaseStatus restored = work.helmStep(steps, id, "rollback", "Restoring revision " + revision
                + " (its exact chart and values) and waiting for the store's pods and setup job",
                () -> work.releases.rollback(id, revision, work.helmTimeout));
        work.atNewRevision(store, op, restored, "Rollback to " + revision, steps);
    }
}
