package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.Operation;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreValues;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operations work with (the cluster and Helm through their ports, the store's records, the settings) and
 * the steps several of them share: waiting for a rollout, deploying the current revision again, and arriving at a
 * new revision.
 */
public final class Work {
    private static final Logger LOG = LoggerFactory.getLogger(Work.class);
    final StoreCluster cluster;
    final StoreReleases releases;
    final StoreRepository stores;
    final RevisionLog revisions;
    final StoreValues values;
    final ReleaseTests tests;
    final Duration helmTimeout;
    final int historyMax;
    final Clock clock;

    public Work(StoreCluster cluster, StoreReleases releases, StoreRepository stores, ReleaseRepository releaseRecords,
                StoreValues values, ReleaseTests tests, Duration helmTimeout, int historyMax, Clock clock) {
        this.cluster = cluster;
        this.releases = releases;
        this.stores = stores;
        this.revisions = new RevisionLog(releases, releaseRecords, clock);
        this.values = values;
        this.tests = tests;
        this.helmTimeout = helmTimeout;
        this.historyMax = historyMax;
        this.clock = clock;
    }

    /** The steps of one run of an operation, recorded under its plan; a deletion request stops them in between. */
    Steps steps(Store store, Operation op, StepPlan plan) {
        return new Steps(stores, store.id(), op.id(), plan, clock);
    }

    /** The step that waits for the store's workloads to roll out; {@code pods} names them in the failure. */
    void rollout(Steps steps, String id, String starting, String pods, String done) {
        steps.run("rollout", starting, () -> {
            try {
                cluster.awaitWorkloadsReady(id, helmTimeout);
            } catch (IllegalStateException e) {
                throw new StepFailure("rollout", pods + " were not ready within " + helmTimeout.toSeconds() + " s ("
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
    ReleaseStatus redeploy(Store store, Steps steps, String step, String starting, String description) {
        return helmStep(steps, store.id(), step, starting,
                () -> releases.redeploy(store.id(), store.helmRevision(), helmTimeout, description));
    }

    /**
     * A step that changes the release through Helm: a release an interrupted run left pending is unlocked first, and
     * a failure is read as Helm's (a failed setup hook becomes the setup-job step, with its reason).
     */
    ReleaseStatus helmStep(Steps steps, String id, String step, String starting, Supplier<ReleaseStatus> helm) {
        return steps.run(step, starting, () -> {
            try {
                revisions.recoverInterrupted(id, steps);
                return helm.get();
            } catch (RuntimeException e) {
                throw Failures.release(step, e, cluster, id);
            }
        });
    }

    /** After an upgrade or a rollback: the revision recorded, old ones pruned, the Helm test run, the store READY. */
    void atNewRevision(Store store, Operation op, ReleaseStatus result, String description, Steps steps) {
        String id = store.id();
        revisions.record(id, result, description, op.requestedBy());
        int pruned = releases.pruneHistory(id, historyMax);
        if (pruned > 0) {
            steps.note("history", "Removed " + pruned + " old Helm revision(s); keeping the newest " + historyMax);
        }
        tests.run(id, result.revision(), op.id());
        stores.markReadyAt(id, result.chartVersion(), result.revision(), clock.instant());
        stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "Store is ready at revision " + result.revision()
                + " (chart " + result.chartVersion() + ")", clock.instant());
        LOG.info("store at new revision", kv("revision", result.revision()),
                kv("chartVersion", result.chartVersion()));
    }
}
