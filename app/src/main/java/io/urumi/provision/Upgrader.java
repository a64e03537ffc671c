package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StoreNames;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.StoreValues;
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
 * Moves a READY store to another chart version, or back to an earlier revision. A failed upgrade is rolled back to
 * the revision that was serving, so the store stays usable and says what happened.
 */
public final class Upgrader {
    private static final Logger LOG = LoggerFactory.getLogger(Upgrader.class);
    private final StoreCluster cluster;
    private final StoreReleases releases;
    private final StoreRepository stores;
    private final RevisionLog revisions;
    private final StoreValues values;
    private final Duration helmTimeout;
    private final int historyMax;
    private final ReleaseTests tests;
    private final Clock clock;

    public Upgrader(StoreCluster cluster, StoreReleases releases, StoreRepository stores,
                    ReleaseRepository releaseRecords, StoreValues values, Duration helmTimeout, int historyMax,
                    ReleaseTests tests, Clock clock) {
        this.tests = tests;
        this.cluster = cluster;
        this.releases = releases;
        this.stores = stores;
        this.revisions = new RevisionLog(releases, releaseRecords, clock);
        this.values = values;
        this.helmTimeout = helmTimeout;
        this.historyMax = historyMax;
        this.clock = clock;
    }

    /** A failed upgrade rolls back to the revision that was serving; that step shows only when it ran. */
    public static final StepPlan UPGRADE_PLAN = StepPlans.opening()
            .step("upgrade", "Upgrade release, pods and setup job")
            .ifItHappens("setup-job", "Store setup after the upgrade")
            .ifItHappens("rollback", "Automatic rollback to the revision that was serving")
            .step(StoreEvent.RELEASE_TEST_STEP, StepPlans.RELEASE_TEST)
            .step("ready", "Ready")
            .build();
    public static final StepPlan ROLLBACK_PLAN = StepPlans.opening()
            .step("rollback", "Restore the revision's chart and values, pods and setup job")
            .ifItHappens("setup-job", "Store setup after the rollback")
            .step(StoreEvent.RELEASE_TEST_STEP, StepPlans.RELEASE_TEST)
            .step("ready", "Ready")
            .build();

    public void upgrade(Store store, Operation op) {
        String id = store.id();
        String target = op.parameter();
        Steps steps = new Steps(stores, id, op.id(), UPGRADE_PLAN, clock);
        try {
            ReleaseStatus upgraded = steps.run("upgrade", "Upgrading to chart " + target
                    + " and waiting for the store's pods and setup job", () -> {
                        try {
                            revisions.recoverInterrupted(id, steps);
                            return releases.upgrade(id, target, values.forStore(id, store.engine().value(),
                                    store.adminEmail()), helmTimeout, "Upgrade to " + target);
                        } catch (RuntimeException e) {
                            throw Failures.release("upgrade", e, cluster, id);
                        }
                    });
            finish(store, op, upgraded, "Upgrade to " + target, steps);
        } catch (StepFailure failure) {
            revisions.recordCurrent(id, "Upgrade to " + target, op.requestedBy());
            int previous = store.helmRevision();
            ReleaseStatus restored = steps.run("rollback", "Upgrade failed; rolling back to revision " + previous,
                    () -> releases.rollback(id, previous, helmTimeout));
            finish(store, op, restored, "Rollback to " + previous, steps);
            throw StepFailure.recovered(failure.step(), "Upgrade to chart " + target + " failed and was rolled back to "
                    + "revision " + previous + "; the store keeps serving. " + failure.getMessage(), failure);
        }
    }

    public void rollback(Store store, Operation op) {
        String id = store.id();
        int revision = Integer.parseInt(op.parameter());
        Steps steps = new Steps(stores, id, op.id(), ROLLBACK_PLAN, clock);
        ReleaseStatus restored = steps.run("rollback", "Restoring revision " + revision
                + " (its exact chart and values) and waiting for the store's pods and setup job", () -> {
                    try {
                        revisions.recoverInterrupted(id, steps);
                        return releases.rollback(id, revision, helmTimeout);
                    } catch (RuntimeException e) {
                        throw Failures.release("rollback", e, cluster, id);
                    }
                });
        finish(store, op, restored, "Rollback to " + revision, steps);
    }

    private void finish(Store store, Operation op, ReleaseStatus result, String description,
                        Steps steps) {
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
