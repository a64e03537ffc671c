package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a READY store's admin a new random password: into the Secret, which is the source of truth, then through the
 * setup Job into the shop. The store stays READY meanwhile; the owner reveals the new password on its page.
 */
public final class ResetPassword implements StoreOperation {
    public static final StepPlan PLAN = StepPlans.opening()
            .step("credentials", "New admin password in the store's Secret")
            .step("apply", "Setup job gives the shop the new password")
            .ifItHappens("setup-job", "Store setup")
            .step("ready", "Ready")
            .build();
    private static final Logger LOG = LoggerFactory.getLogger(ResetPassword.class);
    private final Work work;

    public ResetPassword(Work work) {
        this.work = work;
    }

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        Steps steps = work.steps(store, op, PLAN);
        steps.run("credentials", "Writing a new admin password into the store's Secret", () -> {
            work.cluster.rotateAdminPassword(id);
            return "New admin password stored in the Secret (reveal it on the store's page)";
        });
        ReleaseStatus applied = work.redeploy(store, steps, "apply", "Running the store's setup job again so the shop "
                + "takes the new password", "Reset admin password");
        work.revisions.record(id, applied, "Reset admin password", op.requestedBy());
        work.stores.markReadyAt(id, applied.chartVersion(), applied.revision(), work.clock.instant());
        work.stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "The admin password was reset; the store is "
                + "ready at revision " + applied.revision(), work.clock.instant());
        LOG.info("store admin password reset", kv("store", id), kv("operation", op.id()),
                kv("release", StoreNames.release(id)), kv("revision", applied.revision()));
    }
}
