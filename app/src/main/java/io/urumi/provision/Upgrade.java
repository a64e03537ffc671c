package io.urumi.provision;

import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;

/**
 * Moves a READY store to another chart version (the operation's parameter). A failed upgrade is rolled back to the
 * revision that was serving, so the store stays usable and says what happened.
 */
public final class Upgrade implements StoreOperation {
    /** The automatic rollback shows only when it ran. */
    public static final StepPlan PLAN = StepPlans.opening()
            .step("upgrade", "Upgrade release, pods and setup job")
            .ifItHappens("setup-job", "Store setup after the upgrade")
            .ifItHappens("rollback", "Automatic rollback to the revision that was serving")
            .step(StoreEvent.RELEASE_TEST_STEP, StepPlans.RELEASE_TEST)
            .step("ready", "Ready")
            .build();
    private final Work work;

    public Upgrade(Work work) {
        this.work = work;
    }

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        String target = op.parameter();
        Steps steps = work.steps(store, op, PLAN);
        try {
            ReleaseStatus upgraded = work.helmStep(steps, id, "upgrade", "Upgrading to chart " + target
                    + " and waiting for the store's pods and setup job", () -> work.releases.upgrade(id, target,
                    work.values.forStore(id, store.engine().value(), store.adminEmail()), work.helmTimeout,
                    "Upgrade to " + target));
            work.atNewRevision(store, op, upgraded, "Upgrade to " + target, steps);
        } catch (StepFailure failure) {
            work.revisions.recordCurrent(id, "Upgrade to " + target, op.requestedBy());
            int previous = store.helmRevision();
            ReleaseStatus restored = steps.run("rollback", "Upgrade failed; rolling back to revision " + previous,
                    () -> work.releases.rollback(id, previous, work.helmTimeout));
            work.atNewRevision(store, op, restored, "Rollback to " + previous, steps);
            throw StepFailure.recovered(failure.step(), "Upgrade to chart " + target + " failed and was rolled back to "
                    + "revision " + previous + "; the store keeps serving. " + failure.getMessage(), failure);
        }
    }
}
