package io.urumi.provision;

import io.urumi.store.StoreNames;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a store without a trace: its release, then its namespace, waiting until the namespace is gone. */
public final class Deprovisioner implements StoreOperation {
    private static final Logger LOG = LoggerFactory.getLogger(Deprovisioner.class);
    private final StoreCluster cluster;
    private final StoreReleases releases;
    private final StoreRepository stores;
    private final Duration helmTimeout;
    private final Duration namespaceTimeout;
    private final Clock clock;

    public Deprovisioner(StoreCluster cluster, StoreReleases releases, StoreRepository stores, Duration helmTimeout,
                         Duration namespaceTimeout, Clock clock) {
        this.cluster = cluster;
        this.releases = releases;
        this.stores = stores;
        this.helmTimeout = helmTimeout;
        this.namespaceTimeout = namespaceTimeout;
        this.clock = clock;
    }

    public static final StepPlan PLAN = StepPlans.opening()
            .step("uninstall", "Uninstall Helm release")
            .step("namespace-delete", "Delete namespace")
            .step("deleted", "Deleted")
            .build();

    @Override
    public void run(Store store, Operation op) {
        String id = store.id();
        String ns = StoreNames.namespace(id);
        Steps steps = new Steps(stores, id, op.id(), PLAN, clock, false);
        steps.run("uninstall", "Uninstalling release " + StoreNames.release(id), () -> {
            StoreCluster.NamespaceState namespace = cluster.namespaceState(id);
            if (namespace != StoreCluster.NamespaceState.OWNED) {
                // Nothing of the store's to uninstall; and without its namespace (or its RoleBinding, which a
                // terminating namespace may have lost) the platform may not even read Helm's records there.
                return "Nothing to uninstall: namespace " + ns + " " + describe(namespace);
            }
            releases.uninstall(id, helmTimeout);
            return "Release " + StoreNames.release(id) + " uninstalled";
        });
        steps.run("namespace-delete", "Deleting namespace " + ns + " and waiting until it is gone", () -> {
            if (cluster.namespaceState(id) == StoreCluster.NamespaceState.FOREIGN) {
                return "Namespace " + ns + " " + describe(StoreCluster.NamespaceState.FOREIGN);
            }
            cluster.deleteNamespace(id, namespaceTimeout);
            return "Namespace " + ns + " is gone";
        });
        stores.markDeleted(id, clock.instant());
        stores.addEvent(id, op.id(), "deleted", StoreEvent.Status.DONE, "Store deleted", clock.instant());
        LOG.info("store deleted");
    }

    private static String describe(StoreCluster.NamespaceState namespace) {
        return switch (namespace) {
            case ABSENT -> "is already gone";
            case TERMINATING -> "is already being deleted";
            case FOREIGN -> "is not labelled as this store's (" + StoreNames.STORE_LABEL
                    + "); it was left untouched";
            case OWNED -> "is this store's";
        };
    }
}
