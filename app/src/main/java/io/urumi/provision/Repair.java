package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.drift.Drift;
import io.urumi.drift.ReleaseChecks;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes drift on a READY store: applies the platform's guard rails again and deploys the current revision's exact
 * chart and values again (Helm's three-way merge recreates deleted objects and restores changed fields; it leaves
 * alone what the chart does not set), then checks again so the page shows the result.
 */
public final class Repair implements StoreOperation {
    public static final StepPlan PLAN = StepPlans.opening()
            .step("guard-rails", "Quota, limit range and network policies again")
            .step("repair", "Deploy the current revision again")
            .ifItHappens("setup-job", "Store setup")
            .step("rollout", "Pods ready")
            .step("ready", "Ready")
            .build();
    private static final Logger LOG = LoggerFactory.getLogger(Repair.class);
    private final Work work;
    private final ReleaseChecks drift;

    public Repair(Work work, ReleaseChecks drift) {
        this.work = work;
        this.drift = drift;
    }

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        Steps steps = work.steps(store, op, PLAN);
        steps.run("guard-rails", "Applying the store's quota, limit range and network policies again", () -> {
            try {
                work.cluster.ensureQuotaAndLimits(id);
                work.cluster.ensureNetworkPolicies(id);
            } catch (RuntimeException e) {
                StepFailure failure = Failures.failure("guard-rails", e);
                throw failure.isTransient() ? failure : StepFailure.recovered("guard-rails", failure.getMessage()
                        + " The store itself was not touched and keeps serving.", e);
            }
            return "Quota, limit range and network policies applied";
        });
        ReleaseStatus applied = work.redeploy(store, steps, "repair", "Deploying revision " + store.helmRevision()
                + " again to undo changes made outside Urumi", "Repair drift");
        work.revisions.record(id, applied, "Repair drift", op.requestedBy());
        work.stores.markReadyAt(id, applied.chartVersion(), applied.revision(), work.clock.instant());
        work.rollout(steps, id, "Waiting until the store's pods are ready", "The repaired store's pods",
                "All pods ready");
        Drift after = drift.recheck(id);
        work.stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, after == null
                ? "Repaired at revision " + applied.revision() + "; the next periodic check compares it again"
                : after.drifted() ? "Repaired at revision " + applied.revision() + ", but " + after.total()
                + " difference(s) remain: " + after.differences().get(0).describe()
                : "Repaired: the store matches revision " + applied.revision() + " again", work.clock.instant());
        LOG.info("store repaired", kv("store", id), kv("operation", op.id()), kv("release", StoreNames.release(id)),
                kv("revision", applied.revision()), kv("differences", after == null ? null : after.total()));
    }
}
