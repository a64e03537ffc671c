package io.urumi.db.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.db.Database;
import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import io.urumi.support.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Database tier: the real migrations on a real H2 file and on a real PostgreSQL server. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class JdbiStoreRepositoryTest {
    @Parameter
    Database.Dialect dialect;
    @TempDir
    Path dir;
    private TestDatabases.Login login;
    private Database db;
    private StoreRepository stores;
    private OperationRepository operations;
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

    @BeforeEach
    void open() {
        login = TestDatabases.fresh(dialect, dir);
        db = login.open();
        stores = new JdbiStoreRepository(db.jdbi());
        operations = new JdbiOperationRepository(db.jdbi());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Store store(String id) {
        return new Store(id, Engine.WOOCOMMERCE, StoreState.PROVISIONING, "o@example.com", "alice", null, null, null,
                null, now, now, null, null, now);
    }

    @Test
    void creatingAStoreQueuesItsCreateOperationAndRecordsAnEvent() {
        long op = stores.create(store("shop-a"), "alice");

        assertEquals(StoreState.PROVISIONING, stores.find("shop-a").orElseThrow().state());
        Operation queued = operations.active("shop-a").orElseThrow();
        assertEquals(op, queued.id());
        assertEquals(Operation.Type.CREATE, queued.type());
        assertEquals(Operation.Status.QUEUED, queued.status());
        assertEquals(List.of("requested"), stores.events("shop-a").stream().map(StoreEvent::step).toList());
    }

    @Test
    void aTakenNameIsAConflictAndChangesNothing() {
        stores.create(store("shop-a"), "alice");
        PlatformException e = assertThrows(PlatformException.class, () -> stores.create(store("shop-a"), "bob"));
        assertEquals(PlatformException.Kind.CONFLICT, e.kind());
        assertEquals(1, operations.forStore("shop-a").size());
        assertEquals("alice", stores.find("shop-a").orElseThrow().owner());
    }

    @Test
    void manyConcurrentCreatesOfOneNameMakeExactlyOneStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> {
                try {
                    stores.create(store("same"), "alice");
                } catch (PlatformException e) {
                    conflicts.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(49, conflicts.get());
        assertEquals(1, operations.forStore("same").size());
    }

    @Test
    void theDatabaseAllowsOnlyOneActiveOperationPerStore() {
        stores.create(store("shop-a"), "alice");
        stores.markFailed("shop-a", "release", "boom", now);
        // The CREATE operation is still active: a second operation must be refused by the UNIQUE column.
        PlatformException e = assertThrows(PlatformException.class, () -> stores.transitionAndQueue("shop-a",
                EnumSet.of(StoreState.FAILED), StoreState.PROVISIONING, Operation.Type.RETRY, null, "alice", "retry", now));
        assertEquals("operation_in_progress", e.code());
        assertEquals(StoreState.FAILED, stores.find("shop-a").orElseThrow().state());
    }

    @Test
    void aTransitionFromTheWrongStateQueuesNothing() {
        stores.create(store("shop-a"), "alice");
        Operation op = operations.claimNext(now).orElseThrow();
        operations.succeed(op.id(), now);
        stores.markReady("shop-a", "0.1.0", 1, now);

        Optional<Long> queued = stores.transitionAndQueue("shop-a", EnumSet.of(StoreState.FAILED),
                StoreState.PROVISIONING, Operation.Type.RETRY, null, "alice", "retry", now);

        assertTrue(queued.isEmpty());
        assertEquals(StoreState.READY, stores.find("shop-a").orElseThrow().state());
        assertTrue(operations.active("shop-a").isEmpty());
    }

    @Test
    void claimingTakesTheOldestQueuedOperationOnceAndARestartQueuesInterruptedOnesAgain() {
        stores.create(store("shop-a"), "alice");
        stores.create(store("shop-b"), "alice");

        Operation first = operations.claimNext(now).orElseThrow();
        Operation second = operations.claimNext(now).orElseThrow();
        assertEquals("shop-a", first.storeId());
        assertEquals("shop-b", second.storeId());
        assertEquals(1, first.attempts());
        assertTrue(operations.claimNext(now).isEmpty());

        assertEquals(2, operations.requeueInterrupted());
        Operation again = operations.claimNext(now).orElseThrow();
        assertEquals(first.id(), again.id());
        assertEquals(2, again.attempts());
    }

    @Test
    void twoReplicasClaimingAtOnceTakeEveryOperationExactlyOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            stores.create(store("shop-" + i), "alice");
        }
        try (Database other = login.open()) {
            List<OperationRepository> replicas = List.of(operations, new JdbiOperationRepository(other.jdbi()));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<Long>>> claimers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                OperationRepository replica = replicas.get(i % 2);
                claimers.add(pool.submit(() -> {
                    List<Long> mine = new java.util.ArrayList<>();
                    for (Optional<Operation> op = replica.claimNext(now); op.isPresent(); op = replica.claimNext(now)) {
                        mine.add(op.get().id());
                    }
                    return mine;
                }));
            }
            List<Long> claimed = new java.util.ArrayList<>();
            for (Future<List<Long>> f : claimers) {
                claimed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertEquals(40, claimed.size(), "every operation claimed once, none twice");
            assertEquals(40, new java.util.HashSet<>(claimed).size());
        }
    }

    @Test
    void aFailedStoreKeepsItsStepAndReasonUntilItIsRetried() {
        stores.create(store("shop-a"), "alice");
        Operation op = operations.claimNext(now).orElseThrow();
        stores.markFailed("shop-a", "setup-job", "The setup job failed", now);
        operations.fail(op.id(), "setup-job: The setup job failed", now);

        Store failed = stores.find("shop-a").orElseThrow();
        assertEquals("setup-job", failed.failedStep());
        assertEquals("The setup job failed", failed.failureReason());

        assertTrue(stores.transitionAndQueue("shop-a", EnumSet.of(StoreState.FAILED), StoreState.PROVISIONING,
                Operation.Type.RETRY, null, "alice", "retry", now.plusSeconds(5)).isPresent());
        Store retried = stores.find("shop-a").orElseThrow();
        assertEquals(StoreState.PROVISIONING, retried.state());
        assertEquals(null, retried.failedStep());
        assertEquals(now.plusSeconds(5), retried.provisioningStartedAt());
    }

    @Test
    void deletedStoresStayAsTombstonesOutOfTheDefaultList() {
        stores.create(store("shop-a"), "alice");
        stores.markDeleted("shop-a", now);
        assertTrue(stores.list(false).isEmpty());
        assertEquals(StoreState.DELETED, stores.list(true).get(0).state());
    }
}
