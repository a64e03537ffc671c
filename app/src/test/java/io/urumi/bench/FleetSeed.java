package io.urumi.bench;

import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.store.Engine;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the platform's database up to a fleet size for P3 and P4, while the platform is stopped: installing 1,000
 * releases on two cores would take most of an hour and measure nothing new. Rows go straight into the database
 * through the platform's own repositories (READY, with every 20th FAILED, as a busy platform has; their CREATE
 * operations finished, so the workers find nothing to do), and each seeded store
 * gets its labelled namespace, so the reconcile pass sees the same cluster it would see for real stores.
 */
final class FleetSeed {
    private FleetSeed() {
    }

    /** Adds stores until the database holds {@code total} live ones; returns how many were added. */
    static int fill(String jdbcUrl, KubernetesStoreCluster cluster, int total) throws Exception {
        List<String> added = new ArrayList<>();
        try (Database db = Database.open(jdbcUrl)) {
            StoreRepository stores = new JdbiStoreRepository(db.jdbi());
            OperationRepository operations = new JdbiOperationRepository(db.jdbi());
            int existing = stores.list(false).size();
            Instant now = Instant.now();
            for (int i = 0; existing + added.size() < total; i++) {
                String id = String.format("seed-%04d", i);
                Instant created = now.minusSeconds(60L * (total - i));
                long create = stores.create(new Store(id, Engine.WOOCOMMERCE, StoreState.PROVISIONING, "owner" + i + "@example.com",
                        "bench", null, null, null, null, created, created, null, null, created), "bench");
                if (i % 20 == 0) {
                    stores.markFailed(id, "setup-job", "The setup job failed (BackoffLimitExceeded). Retry.", created);
                    operations.fail(create, "The setup job failed (BackoffLimitExceeded)", created);
                } else {
                    stores.markReady(id, "0.2.0", 1, created.plusSeconds(90 + i % 60));
                    operations.succeed(create, created.plusSeconds(90 + i % 60)); // nothing left for the workers
                }
                added.add(id);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            added.forEach(id -> done.add(pool.submit(() -> cluster.ensureNamespace(id))));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return added.size();
    }
}
