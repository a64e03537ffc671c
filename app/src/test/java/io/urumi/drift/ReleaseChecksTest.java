package io.urumi.drift;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.auth.AuditEntry;
import io.urumi.auth.AuditLog;
import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiDriftRepository;
import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import io.urumi.support.StoreFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic release check on a real database, with the cluster side (ReleaseHealth) as a stand-in. */
class ReleaseChecksTest {
    @TempDir
    Path dir;
    private Database db;
    private StoreRepository stores;
    private OperationRepository operations;
    private DriftRepository drifts;
    private StoreFixture fixture;
    private final Map<String, ReleaseHealth.Finding> findings = new ConcurrentHashMap<>();
    private ReleaseChecks checks;
    private AuditLog audit;
    private static final Duration HELM_TIMEOUT = Duration.ofMinutes(10);

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:file:" + dir.resolve("urumi"));
        stores = new JdbiStoreRepository(db.jdbi());
        operations = new JdbiOperationRepository(db.jdbi());
        drifts = new JdbiDriftRepository(db.jdbi());
        fixture = new StoreFixture(db.jdbi());
        audit = new AuditLog(db.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (checks != null) {
            checks.close();
        }
        db.close();
    }

    private ReleaseChecks checks(boolean leading) {
        ReleaseHealth health = id -> {
            ReleaseHealth.Finding f = findings.get(id);
            if (f == null) {
                throw new IllegalStateException("cluster unreachable");
            }
            return f;
        };
        checks = new ReleaseChecks(health, stores, operations, drifts, () -> leading, Duration.ofSeconds(1),
                HELM_TIMEOUT, audit,
                Clock.systemUTC());
        return checks;
    }

    /** A READY store at revision 1; {@code idle} finishes its create operation. */
    private void readyStore(String id, boolean idle) {
        if (idle) {
            fixture.readyStore(id, Engine.WOOCOMMERCE, "0.3.0", 1);
        } else {
            fixture.readyStoreStillInItsCreate(id, Engine.WOOCOMMERCE, "0.3.0", 1);
        }
    }

    @Test
    void aReleaseGoneFromAnIdleReadyStoreFailsItWithAReasonAndAnEvent() {
        readyStore("shop", true);
        findings.put("shop", new ReleaseHealth.Gone("no Helm release record of urumi-shop is left"));
        checks(true).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> stores.find("shop").orElseThrow().state()
                == StoreState.FAILED);
        Store failed = stores.find("shop").orElseThrow();
        assertEquals("release", failed.failedStep());
        assertTrue(failed.failureReason().contains("removed outside Urumi: no Helm release record")
                && failed.failureReason().contains("Retry reinstalls it"), failed.failureReason());
        assertTrue(stores.events("shop").stream().anyMatch(e -> "release".equals(e.step())
                && e.status() == StoreEvent.Status.FAILED));
    }

    @Test
    void aReleaseGoneWhileAnOperationWorksOnTheStoreLeavesItAlone() {
        readyStore("shop", false);
        findings.put("shop", new ReleaseHealth.Gone("no Helm release record of urumi-shop is left"));
        PlatformException refused = assertThrows(PlatformException.class, () -> checks(true).checkNow("shop"));
        assertEquals("release_missing", refused.code());
        assertEquals(StoreState.READY, stores.find("shop").orElseThrow().state());
    }

    @Test
    void comparingNowWhileTheReleaseIsPendingSaysSoAndWhatHappensNext() {
        readyStore("shop", false);
        Instant since = Instant.now().minusSeconds(30);
        findings.put("shop", new ReleaseHealth.Pending(2, "pending-upgrade", since));
        PlatformException refused = assertThrows(PlatformException.class, () -> checks(true).checkNow("shop"));
        assertEquals("release_pending", refused.code());
        assertEquals(PlatformException.Kind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("'pending-upgrade' at revision 2 since " + since)
                && refused.getMessage().contains("Helm timeout (10 min)"), refused.getMessage());

        findings.put("shop", new ReleaseHealth.Unsettled("failed"));
        refused = assertThrows(PlatformException.class, () -> checks.checkNow("shop"));
        assertEquals("release_missing", refused.code());
        assertTrue(refused.getMessage().contains("its newest record is 'failed'"), refused.getMessage());
        assertEquals(StoreState.READY, stores.find("shop").orElseThrow().state());
    }

    @Test
    void driftFoundWhileAnOperationRunsIsShownButNotStored() {
        readyStore("shop", false);
        Drift.Difference replicas = new Drift.Difference("Deployment", "web", Drift.Change.CHANGED, "spec.replicas",
                "1", "3");
        findings.put("shop", new ReleaseHealth.Deployed(1, List.of(replicas)));
        assertEquals(1, checks(true).checkNow("shop").total());
        assertTrue(drifts.find("shop").isEmpty(), "an operation is changing the objects");
    }

    @Test
    void aStoreWhoseCheckKeepsFailingDoesNotHoldUpTheOthers() {
        readyStore("a-shop", true); // checked first (by name), and the cluster errors for it every time
        readyStore("b-shop", true);
        findings.put("b-shop", new ReleaseHealth.Deployed(1, List.of()));
        checks(true).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> drifts.find("b-shop").isPresent());
        assertEquals(0, drifts.find("b-shop").orElseThrow().total());
        assertTrue(drifts.find("a-shop").isEmpty());
    }

    @Test
    void aReleaseLeftPendingLongerThanAHelmCallLastsIsRepairedAsTheSystemAndAudited() {
        readyStore("shop", true);
        Instant longAgo = Instant.now().minus(HELM_TIMEOUT).minusSeconds(60);
        findings.put("shop", new ReleaseHealth.Pending(2, "pending-upgrade", longAgo));
        checks(true).start();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !audit.recent(ReleaseChecks.ACTOR, "shop", null, 10).isEmpty());
        Operation repair = operations.active("shop").orElseThrow();
        assertEquals(Operation.Type.REPAIR, repair.type());
        assertEquals(ReleaseChecks.ACTOR, repair.requestedBy());
        assertEquals(StoreState.READY, stores.find("shop").orElseThrow().state(), "it keeps serving meanwhile");
        List<AuditEntry> audited = audit.recent(ReleaseChecks.ACTOR, "shop", null, 10);
        assertEquals(1, audited.size());
        assertEquals("store.recover-release", audited.get(0).action());
        assertTrue(audited.get(0).detail().startsWith("pending-upgrade at revision 2"), audited.get(0).detail());
    }

    @Test
    void aPendingReleaseThatSomeoneMayStillBeWorkingOnIsLeftAlone() {
        readyStore("fresh", true); // pending for a minute: a Helm call may still be running it
        findings.put("fresh", new ReleaseHealth.Pending(2, "pending-upgrade", Instant.now().minusSeconds(60)));
        readyStore("busy", false); // our own operation is at work on it and unlocks it itself
        findings.put("busy", new ReleaseHealth.Pending(2, "pending-install", Instant.EPOCH));
        checks(true).start();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> operations.active("fresh").isEmpty());
        assertEquals(Operation.Type.CREATE, operations.active("busy").orElseThrow().type());
        assertTrue(audit.recent(ReleaseChecks.ACTOR, null, null, 10).isEmpty());
    }

    @Test
    void aFollowerChecksNothing() {
        readyStore("shop", true);
        findings.put("shop", new ReleaseHealth.Gone("gone"));
        checks(false).start();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> stores.find("shop").orElseThrow().state() == StoreState.READY);
    }
}
