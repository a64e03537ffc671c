package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.cluster.StoreNames;
import io.urumi.store.Operation;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a store without a trace: its release, then its namespace, waiting until the namespace is gone. */
public final class Deprovisioner {
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

    public void delete(Store store, Operation op) {
        String id = store.id();
        Provisioner.Steps steps = new Provisioner.Steps(stores, id, op.id(), clock, false);
        steps.run("uninstall", "Uninstalling release " + StoreNames.release(id), () -> {
            releases.uninstall(id, helmTimeout);
            return "Release " + StoreNames.release(id) + " uninstalled";
        });
        steps.run("namespace-delete", "Deleting namespace " + StoreNames.namespace(id) + " and waiting until it is gone",
                () -> {
                    cluster.deleteNamespace(id, namespaceTimeout);
                    return "Namespace " + StoreNames.namespace(id) + " is gone";
                });
        stores.markDeleted(id, clock.instant());
        stores.addEvent(id, op.id(), "deleted", StoreEvent.Status.DONE, "Store deleted", clock.instant());
        LOG.info("store deleted", kv("store", id), kv("operation", op.id()), kv("release", StoreNames.release(id)));
    }
}
