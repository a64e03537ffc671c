package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StoreNames;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the database and the cluster in agreement, driven by a namespace watch: a READY store whose namespace
 * vanished is marked FAILED with a reason (only when no operation is working on it), and namespaces labelled as
 * Urumi's that belong to no store are reported, or deleted when the policy says so. The watch runs on every replica,
 * so each can report orphans; only the leader ({@code acting}) changes anything.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private final StoreNamespaces namespaces;
    private final StoreRepository stores;
    private final boolean deleteOrphans;
    private final BooleanSupplier acting;
    private final Clock clock;

    public Reconciler(StoreNamespaces namespaces, StoreRepository stores, boolean deleteOrphans,
                      BooleanSupplier acting, Clock clock) {
        this.namespaces = namespaces;
        this.acting = acting;
        this.stores = stores;
        this.deleteOrphans = deleteOrphans;
        this.clock = clock;
    }

    /**
     * Starts the watch and, once it has synced, makes one pass. Returns false (watch closed) when it could not sync
     * in time, e.g. while the cluster is unreachable; the caller tries again later.
     */
    public boolean startAndReconcile(Duration syncTimeout) throws InterruptedException {
        try {
            namespaces.start(this::namespaceGone);
        } catch (RuntimeException e) {
            LOG.warn("namespace watch could not start: {}", e.getMessage());
        }
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        while (!namespaces.synced() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (!namespaces.synced()) {
            namespaces.close();
            return false;
        }
        reconcileAll();
        return true;
    }

    /**
     * One pass over the stores against the watch's current view: once the watch has synced, and when this replica
     * becomes the leader; does nothing on a follower. It reads the database and the watch's cache only, never Helm,
     * so its duration (logged) stays flat as stores are added.
     */
    public void reconcileAll() {
        if (!namespaces.synced() || !acting.getAsBoolean()) {
            return;
        }
        long start = System.nanoTime();
        Set<String> present = namespaces.present();
        List<Store> live = stores.list(false);
        List<String> vanished = live.stream().filter(s -> s.state() == StoreState.READY && !present.contains(s.id()))
                .map(Store::id).toList();
        vanished.forEach(this::namespaceGone);
        if (deleteOrphans) {
            orphans().forEach(id -> {
                LOG.warn("deleting orphaned namespace {}", StoreNames.namespace(id), kv("store", id),
                        kv("release", StoreNames.release(id)));
                namespaces.delete(id);
            });
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("reconcile pass done in {} ms over {} stores", millis, live.size(), kv("durationMs", millis),
                kv("stores", live.size()), kv("namespaces", present.size()), kv("vanished", vanished.size()));
    }

    /** Store namespaces that no live store owns. */
    public List<String> orphans() {
        if (!namespaces.synced()) {
            return List.of();
        }
        Set<String> live = stores.list(false).stream().map(Store::id).collect(Collectors.toSet());
        return namespaces.present().stream().filter(id -> !live.contains(id)).sorted()
                .map(StoreNames::namespace).toList();
    }

    private void namespaceGone(String storeId) {
        if (!acting.getAsBoolean()) {
            return;
        }
        String reason = "Namespace " + StoreNames.namespace(storeId) + " was deleted outside Urumi, and the store "
                + "with it. Retry to recreate the store (its data is gone), or delete it.";
        if (stores.failIfIdle(storeId, StoreState.READY, "namespace", reason, clock.instant())) {
            stores.addEvent(storeId, null, "namespace", StoreEvent.Status.FAILED, reason, clock.instant());
            LOG.warn("store namespace vanished; store marked FAILED", kv("store", storeId),
                    kv("release", StoreNames.release(storeId)));
        }
    }

    @Override
    public void close() {
        namespaces.close();
    }
}
