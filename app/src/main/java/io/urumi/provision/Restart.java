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
 * Replaces a READY store's pods, as {@code kubectl rollout restart} does; its data stays on the volumes and it stays
 * READY meanwhile. A store whose pods do not come back is FAILED (retry rebuilds it).
 */
public final class Restart implements StoreOperation {
    public static final StepPlan PLAN = StepPlans.opening()
            .step("restart", "Replace the store's pods")
            .step("rollout", "New pods ready")
            .step("ready", "Ready")
            .build();
    private static final Logger LOG = LoggerFactory.getLogger(Restart.class);
    private final Work work;

    public Restart(Work work) {
        this.work = work;
    }

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        Steps steps = work.steps(store, op, PLAN);
        steps.run("restart", "Replacing the store's pods (web server and database)", () ->
                "Restart requested for " + work.cluster.restartWorkloads(id, work.clock.instant()) + " workload(s)");
        work.rollout(steps, id, "Waiting until the new pods are ready", "The restarted pods",
                "All pods restarted and ready");
        work.stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "Store restarted and ready",
                work.clock.instant());
        LOG.info("store restarted", kv("store", id), kv("operation", op.id()), kv("release", StoreNames.release(id)));
    }
}
