package io.urumi.provision;

import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;

/** The plan of each operation type, as the operation that carries it out declares it. */
public final class StepPlans {
    /** Shown as a failed step while the store itself stays READY (see ReleaseTests). */
    static final String RELEASE_TEST = "Helm test (storefront and admin page answer)";

    private StepPlans() {
    }

    public static StepPlan of(Operation.Type type, Engine engine) {
        return switch (type) {
            case CREATE, RETRY -> Provisioner.plan(engine);
            case DELETE -> Deprovisioner.PLAN;
            case UPGRADE -> Upgrade.PLAN;
            case ROLLBACK -> Rollback.PLAN;
            case RESTART -> Restart.PLAN;
            case RESET_PASSWORD -> ResetPassword.PLAN;
            case REPAIR -> Repair.PLAN;
        };
    }

    /** Every plan starts where the request was recorded. */
    static StepPlan.Builder opening() {
        return StepPlan.builder().step("requested", "Request recorded");
    }
}
