package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StoreNames;
import io.urumi.store.StoreValues;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store from nothing to READY, one recorded step at a time. Every step is idempotent, so a retry or a
 * resume after a crash walks the same path without duplicating anything.
 */
public final class Provisioner implements StoreOperation {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
    private final StoreCluster cluster;
    private final StoreReleases releases;
    private final StoreRepository stores;
    private final RevisionLog revisions;
    private final StoreValues values;
    private final Duration helmTimeout;
    private final ReleaseTests tests;
    private final Clock clock;

    public Provisioner(Work work) {
        this.tests = work.tests;
        this.cluster = work.cluster;
        this.releases = work.releases;
        this.stores = work.stores;
        this.revisions = work.revisions;
        this.values = work.values;
        this.helmTimeout = work.helmTimeout;
        this.clock = work.clock;
    }

    /** Create and retry: from nothing (or a failed store) to READY; the setup step says what this engine's does. */
    public static StepPlan plan(Engine engine) {
        return StepPlans.opening()
                .step("namespace", "Namespace")
                .step("access", "Installer access")
                .step("quota", "Resource quota and limits")
                .step("network-policy", "Network policies")
                .step("credentials", "Admin credentials")
                .step("release", "Helm release and pods")
                .step("setup-job", switch (engine) {
                    case WOOCOMMERCE -> "Store setup (WordPress, WooCommerce and sample products)";
                    case MEDUSA -> "Store setup (database migrations, region, sample products and admin user)";
                })
                .step(StoreEvent.RELEASE_TEST_STEP, StepPlans.RELEASE_TEST)
                .step("ready", "Ready")
                .build();
    }

    /** Create and retry walk the same idempotent steps. */
    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        String ns = StoreNames.namespace(id);
        Steps steps = new Steps(stores, id, op.id(), plan(store.engine()), clock);
        steps.run("namespace", "Creating namespace " + ns, () -> {
            cluster.ensureNamespace(id);
            return "Namespace " + ns + " ready";
        });
        // The platform may act in the namespace only once this binding exists (under the platform chart's RBAC).
        steps.run("access", "Granting the platform the store installer role in " + ns, () ->
                cluster.ensureInstallerAccess(id)
                        .map(role -> "RoleBinding " + StoreNames.INSTALLER_BINDING + " grants the platform ClusterRole "
                                + role + " in " + ns)
                        .orElse("No installer ClusterRole configured; the platform acts with its own permissions"));
        steps.run("quota", "Applying resource quota and limit range", () -> {
            cluster.ensureQuotaAndLimits(id);
            return "Resource quota and limit range applied";
        });
        steps.run("network-policy", "Applying network policies", () -> {
            cluster.ensureNetworkPolicies(id);
            return "Network policies applied (deny by default)";
        });
        steps.run("credentials", "Creating admin credentials", () -> cluster.ensureCredentials(id)
                ? "Credentials generated into Secret " + StoreNames.CREDENTIALS_SECRET
                : "Credentials Secret already present; kept");
        ReleaseStatus installed = steps.run("release", "Installing release " + StoreNames.release(id)
                + " (chart " + releases.chartVersion() + ") and waiting for the store's pods and setup job",
                () -> {
                    ReleaseStatus status = install(store, op, steps);
                    cluster.awaitWorkloadsReady(id, helmTimeout);
                    return status;
                });
        steps.run("setup-job", "Checking the setup job", () -> {
            if (!cluster.setupJobSucceeded(id)) {
                throw new IllegalStateException("the release is deployed but its setup job has not completed");
            }
            String ran = SetupRuntime.describe(cluster.setupJobRuntime(id));
            if (store.engine() != Engine.MEDUSA) {
                return ran;
            }
            Optional<String> key = cluster.setupJobFact(id, "publishable-key");
            key.ifPresent(k -> stores.setPublishableKey(id, k));
            return key.isPresent() ? ran + "; the store's publishable API key is known"
                    : ran + ", but its log told no publishable API key (log unreadable?)";
        });
        revisions.record(id, installed, "Install", op.requestedBy());
        tests.run(id, installed.revision(), op.id());
        stores.markReady(id, installed.chartVersion(), installed.revision(), clock.instant());
        stores.addEvent(id, op.id(), "ready", StoreEvent.Status.DONE, "Store is ready", clock.instant());
        LOG.info("store ready", kv("revision", installed.revision()));
    }

    private ReleaseStatus install(Store store, Operation op, Steps steps) {
        String id = store.id();
        Map<String, Object> storeValues = values.forStore(id, store.engine().value(), store.adminEmail());
        ReleaseStatus current = revisions.recoverInterrupted(id, steps);
        if (current.deployed()) {
            steps.note("release", "Release already deployed at revision " + current.revision() + "; not reinstalled");
            return current;
        }
        try {
            ReleaseStatus result;
            if (current.exists()) {
                // Upgrading the failed release in place keeps its volumes and re-runs the setup hook.
                steps.note("release", "Release is '" + current.status() + "' at revision " + current.revision()
                        + "; upgrading it in place");
                result = releases.upgrade(id, releases.chartVersion(), storeValues, helmTimeout,
                        "Retry of a failed install");
            } else {
                result = releases.install(id, storeValues, helmTimeout);
            }
            LOG.info("release deployed", kv("revision", result.revision()));
            return result;
        } catch (RuntimeException e) {
            try {
                revisions.recordCurrent(id, "Install failed", op.requestedBy()); // a failed revision is history too
            } catch (RuntimeException recordFailure) {
                LOG.warn("could not record the failed revision", recordFailure);
            }
            throw Failures.release("release", e, cluster, id);
        }
    }
}
