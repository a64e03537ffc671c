package io.urumi.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * Deletion touches only what is the store's: RBAC on Kubernetes 1.20 cannot restrict namespace deletes by label, so
 * this code is the guard (the cluster and Helm are mocked: they are the external seams).
 */
class DeprovisionerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    @TempDir
    Path dir;
    private Database db;
    private StoreRepository stores;
    private final StoreCluster cluster = mock(StoreCluster.class);
    private final StoreReleases releases = mock(StoreReleases.class);
    private Deprovisioner deprovisioner;
    private Store store;
    private Operation delete;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:file:" + dir.resolve("urumi"));
        stores = new JdbiStoreRepository(db.jdbi());
        deprovisioner = new Deprovisioner(cluster, releases, stores, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
        store = new Store("shop", Engine.WOOCOMMERCE, StoreState.DELETING, "o@example.com", "alice", null, null, null,
                null, NOW, NOW, null, null, NOW);
        long id = stores.create(store, "alice");
        delete = new Operation(id, "shop", Operation.Type.DELETE, null, Operation.Status.RUNNING, "alice", 1, null,
                NOW, NOW, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNamespaceNotLabelledAsTheStoresIsNeitherUninstalledFromNorDeleted() {
        when(cluster.namespaceState("shop")).thenReturn(StoreCluster.NamespaceState.FOREIGN);

        deprovisioner.run(store, delete);

        verify(releases, never()).uninstall(anyString(), any());
        verify(cluster, never()).deleteNamespace(anyString(), any());
        assertEquals(StoreState.DELETED, stores.find("shop").orElseThrow().state());
        assertTrue(stores.events("shop").stream().map(StoreEvent::message)
                .anyMatch(m -> m.contains("store-shop is not labelled as this store's") && m.contains("untouched")));
    }

    @Test
    void aNamespaceAlreadyGoneNeedsNoUninstallSoAResumedDeleteFinishes() {
        when(cluster.namespaceState("shop")).thenReturn(StoreCluster.NamespaceState.ABSENT);

        deprovisioner.run(store, delete);

        verify(releases, never()).uninstall(anyString(), any());
        assertEquals(StoreState.DELETED, stores.find("shop").orElseThrow().state());
    }

    @Test
    void theStoresOwnNamespaceLosesItsReleaseFirstThenGoes() {
        when(cluster.namespaceState("shop")).thenReturn(StoreCluster.NamespaceState.OWNED);

        deprovisioner.run(store, delete);

        InOrder order = inOrder(releases, cluster);
        order.verify(releases).uninstall("shop", Duration.ofMinutes(1));
        order.verify(cluster).deleteNamespace("shop", Duration.ofMinutes(1));
        assertEquals(StoreState.DELETED, stores.find("shop").orElseThrow().state());
    }
}
