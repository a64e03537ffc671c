package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StoreNames;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.Drift;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Care for a READY store that changes neither its chart nor its values: restarting its pods, giving its admin a
 * new password, and repairing drift. All leave the store READY when they succeed; a store whose pods do not come
 * back is FAILED (retry rebuilds it from the Secret, which always holds the current password).
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private final StoreCluster cluster;
    private final StoreReleases releases;
    private final StoreRepository stores;
    private final RevisionLog revisions;
    private final ReleaseChecks drift;
    private final Duration timeout;
    private final Clock clock;

    public Maintenance(StoreCluster cluster, StoreReleases releases, StoreRepository stores,
                       ReleaseRepository releaseRecords, ReleaseChecks drift, Duration timeout, Clock clock) {
        this.cluster = cluster;
        this.releases = releases;
        this.stores = stores;
        this.revisions = new RevisionLog(releases, releaseRecords, clock);
        this.drift = drift;
        this.timeout = timeout;
        this.clock = clock;
    }

    public static final StepPlan RESTART_PLAN = StepPlans.opening()
            .step("restart", "Replace the store's pods")
            .step("rollout", "New pods ready")
            .step("ready", "Ready")
            .build();
    public static final StepPlan RESET_PASSWORD_PLAN = StepPlans.opening()
            .step("credentials", "New admin password in the store's Secret")
            .step("apply", "Setup job gives the shop the new password")
            .ifItHappens("setup-job", "Store setup")
            .step("ready", "Ready")
            .build();
    public static final StepPlan REPAIR_PLAN = StepPlans.opening()
            .step("guard-rails", "Quota, limit range and network policies again")
            .step("repair", "Deploy the current revision again")
            .ifItHappens("setup-job", "Store setup")
            .step("rollout", "Pods ready")
            .step("ready", "Ready")
            .build();

    public void restart(Store store, Operation op) {
        String id = store.id();
        Steps steps = new Steps(stores, id, op.id(), RESTART_PLAN, clock);
        steps.run("restart", "Replacing the store's pods (web server and database)", () ->
                "Restart requested for " + cluster.restartWorkloads(id, clock.instant()) + " workload(s)");
        rollout(steps, id, "Waiting until the new pods are ready", "The restarted pods",
                "All pods restarted and ready");
        stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "Store restarted and ready", clock.instant());
        LOG.info("store restarted", kv("store", id), kv("operation", op.id()), kv("release", StoreNames.release(id)));
    }

    public void resetPassword(Store store, Operation op) {
        String id = store.id();
        Steps steps = new Steps(stores, id, op.id(), RESET_PASSWORD_PLAN, clock);
        steps.run("credentials", "Writing a new admin password into the store's Secret", () -> {
            cluster.rotateAdminPassword(id);
            return "New admin password stored in the Secret (reveal it on the store's page)";
        });
        ReleaseStatus applied = redeploy(store, steps, "apply", "Running the store's setup job again so the shop "
                + "takes the new password", "Reset admin password");
        revisions.record(id, applied, "Reset admin password", op.requestedBy());
        stores.markReadyAt(id, applied.chartVersion(), applied.revision(), clock.instant());
        stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "The admin password was reset; the store is "
                + "ready at revision " + applied.revision(), clock.instant());
        LOG.info("store admin password reset", kv("store", id), kv("operation", op.id()),
                kv("release", StoreNames.release(id)), kv("revision", applied.revision()));
    }

    /**
     * Applies the platform's guard rails again and deploys the current revision's exact chart and values again: Helm's
     * three-way merge recreates objects that were deleted and restores fields that were changed (it leaves alone what
     * the chart does not set). Then checks again, so the page shows the result.
     */
    public void repair(Store store, Operation op) {
        String id = store.id();
        Steps steps = new Steps(stores, id, op.id(), REPAIR_PLAN, clock);
        steps.run("guard-rails", "Applying the store's quota, limit range and network policies again", () -> {
            try {
                cluster.ensureQuotaAndLimits(id);
                cluster.ensureNetworkPolicies(id);
            } catch (RuntimeException e) {
                StepFailure failure = Failures.failure("guard-rails", e);
                throw failure.isTransient() ? failure : StepFailure.recovered("guard-rails", failure.getMessage()
                        + " The store itself was not touched and keeps serving.", e);
            }
            return "Quota, limit range and network policies applied";
        });
        ReleaseStatus applied = redeploy(store, steps, "repair", "Deploying revision " + store.helmRevision()
                + " again to undo changes made outside Urumi", "Repair drift");
        revisions.record(id, applied, "Repair drift", op.requestedBy());
        stores.markReadyAt(id, applied.chartVersion(), applied.revision(), clock.instant());
        rollout(steps, id, "Waiting until the store's pods are ready", "The repaired store's pods", "All pods ready");
        Drift after = drift.recheck(id);
        stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, after == null
                ? "Repaired at revision " + applied.revision() + "; the next periodic check compares it again"
                : after.drifted() ? "Repaired at revision " + applied.revision() + ", but " + after.total()
                + " difference(s) remain: " + after.differences().get(0).describe()
                : "Repaired: the store matches revision " + applied.revision() + " again", clock.instant());
        LOG.info("store repaired", kv("store", id), kv("operation", op.id()), kv("release", StoreNames.release(id)),
                kv("revision", applied.revision()), kv("differences", after == null ? null : after.total()));
    }

    /** The step that waits for the store's workloads to roll out; {@code pods} names them in the failure. */
    private void rollout(Steps steps, String id, String starting, String pods, String done) {
        steps.run("rollout", starting, () -> {
            try {
                cluster.awaitWorkloadsReady(id, timeout);
            } catch (IllegalStateException e) {
                throw new StepFailure("rollout", pods + " were not ready within " + timeout.toSeconds() + " s ("
                        + e.getMessage() + "). Look at the pods in namespace " + StoreNames.namespace(id)
                        + ", then retry the store.", e);
            }
            return done;
        });
    }

    /**
     * The step that deploys the store's current revision again, as a new revision described {@code description};
     * a release left pending is unlocked first.
     */
    private ReleaseStatus redeploy(Store store, Steps steps, String step, String starting,
                                   String description) {
        return steps.run(step, starting, () -> {
            try {
                revisions.recoverInterrupted(store.id(), steps);
                return releases.redeploy(store.id(), store.helmRevision(), timeout, description);
            } catch (RuntimeException e) {
                throw Failures.release(step, e, cluster, store.id());
            }
        });
    }
}
