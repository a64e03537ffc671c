package io.urumi.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiFleetUpgradeRepository;
import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiReleaseRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetUpgrade.Status;
import io.urumi.store.ChartVersions;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreQuotas;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreService;
import io.urumi.store.StoreState;
import io.urumi.support.StoreFixture;
import io.urumi.support.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Database tier: the fleet upgrade state machine with the real migrations, on a real H2 file and a real PostgreSQL. No workers run: the
 * test plays the worker by ending the UPGRADE operations the fleet upgrader queued.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class FleetUpgraderTest {
    @Parameter
    Database.Dialect dialect;
    private TestDatabases.Login login;
    @TempDir
    Path dir;
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private Database db;
    private StoreRepository stores;
    private OperationRepository operations;
    private FleetService fleets;
    private FleetUpgrader upgrader;
    private StoreService storeService;
    private StoreFixture fixture;

    @BeforeEach
    void open() {
        login = TestDatabases.fresh(dialect, dir);
        db = login.open();
        wire();
    }

    /** Builds everything on the open database, as a platform (re)start does. */
    private void wire() {
        stores = new JdbiStoreRepository(db.jdbi());
        operations = new JdbiOperationRepository(db.jdbi());
        fixture = new StoreFixture(db.jdbi(), clock);
        storeService = new StoreService(stores, null, operations, new JdbiReleaseRepository(db.jdbi()), null,
                ChartVersions.allEngines(List.of("0.1.0", "0.2.0")), 10, StoreQuotas.unlimited(),
                () -> { }, clock);
        FleetUpgradeRepository repository = new JdbiFleetUpgradeRepository(db.jdbi());
        upgrader = new FleetUpgrader(repository, stores, operations, storeService, clock);
        fleets = new FleetService(repository, stores, List.of("0.1.0", "0.2.0"), () -> { }, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void readyStore(String id, String chartVersion) {
        fixture.readyStore(id, Engine.WOOCOMMERCE, chartVersion, 1);
    }

    /** What a worker does when the upgrade works. */
    private void upgradeSucceeds(String id) {
        Operation op = operations.active(id).orElseThrow();
        stores.markReadyAt(id, op.parameter(), 2, now);
        operations.succeed(op.id(), now);
    }

    /** What a worker does when the upgrade fails and is rolled back: the store stays READY on its old chart. */
    private void upgradeFailsAndIsRolledBack(String id) {
        Operation op = operations.active(id).orElseThrow();
        stores.markReadyAt(id, "0.1.0", 3, now);
        operations.fail(op.id(), "upgrade: setup job failed; rolled back to revision 1", now);
    }

    private Map<String, Status> statuses(long fleetId) {
        return fleets.get(fleetId).stores().stream()
                .collect(Collectors.toMap(FleetUpgrade.Member::storeId, FleetUpgrade.Member::status));
    }

    private long upgrades(String id) {
        return operations.forStore(id).stream().filter(o -> o.type() == Operation.Type.UPGRADE).count();
    }

    @Test
    void wavesGoOneAfterAnotherOnlyWhenEveryUpgradeOfTheWaveSucceeded() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            readyStore(id, "0.1.0");
        }
        readyStore("newer", "0.2.0");
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        FleetUpgrade planned = fleets.get(id);
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d", "e")), List.of(
                names(planned.wave(1)), names(planned.wave(2)), names(planned.wave(3))));

        upgrader.advanceAll();
        assertEquals(Map.of("a", Status.UPGRADING, "b", Status.PENDING, "c", Status.PENDING, "d", Status.PENDING,
                "e", Status.PENDING), statuses(id));
        Operation canaryOp = operations.active("a").orElseThrow();
        assertEquals("fleet-upgrade-" + id, canaryOp.requestedBy());
        assertEquals("0.2.0", canaryOp.parameter());
        upgrader.advanceAll();
        assertEquals(0, upgrades("b"), "the next wave waits for the canary");

        upgradeSucceeds("a");
        upgrader.advanceAll();
        assertEquals(Status.SUCCEEDED, statuses(id).get("a"));
        assertEquals(Status.UPGRADING, statuses(id).get("b"));
        assertEquals(0, upgrades("c"));

        upgradeSucceeds("b");
        upgrader.advanceAll();
        assertEquals(List.of(Status.UPGRADING, Status.UPGRADING, Status.UPGRADING),
                List.of(statuses(id).get("c"), statuses(id).get("d"), statuses(id).get("e")));
        upgradeSucceeds("c");
        upgradeSucceeds("d");
        upgrader.advanceAll();
        assertEquals(FleetUpgrade.State.RUNNING, fleets.get(id).state(), "e is still upgrading");
        upgradeSucceeds("e");
        upgrader.advanceAll();

        FleetUpgrade done = fleets.get(id);
        assertEquals(FleetUpgrade.State.SUCCEEDED, done.state());
        assertEquals(5, done.count(Status.SUCCEEDED));
        assertNotNull(done.finishedAt());
        assertEquals(0, upgrades("newer"), "stores on other versions are not part of it");
    }

    @Test
    void theFirstFailedUpgradeHaltsTheFleetUpgradeAndLaterWavesAreLeftUntouched() {
        for (String id : List.of("a", "b", "c", "d")) {
            readyStore(id, "0.1.0");
        }
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        upgradeSucceeds("a");
        upgrader.advanceAll();
        upgradeFailsAndIsRolledBack("b");
        upgrader.advanceAll();

        FleetUpgrade halted = fleets.get(id);
        assertEquals(FleetUpgrade.State.HALTED, halted.state());
        assertEquals("b", halted.haltedStore());
        assertTrue(halted.haltReason().contains("setup job failed"), halted.haltReason());
        assertEquals(Map.of("a", Status.SUCCEEDED, "b", Status.FAILED, "c", Status.NOT_STARTED,
                "d", Status.NOT_STARTED), statuses(id));
        assertEquals(FleetUpgrade.WaveStatus.FAILED, halted.waveStatus(2));
        assertEquals(FleetUpgrade.WaveStatus.NOT_STARTED, halted.waveStatus(3));
        upgrader.advanceAll();
        assertEquals(0, upgrades("c") + upgrades("d"));
        assertEquals("0.1.0", stores.find("c").orElseThrow().chartVersion());

        // Halted frees the slot: a new fleet upgrade from 0.1.0 takes the stores still there, b first (by name).
        FleetUpgrade again = fleets.start("0.1.0", "0.2.0", "alice");
        assertEquals(List.of("b", "c", "d"), names(again.stores()));
    }

    @Test
    void anUpgradeThatCannotBeQueuedHaltsTheFleetUpgrade() {
        readyStore("a", "0.1.0");
        readyStore("b", "0.1.0");
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        upgradeSucceeds("a");
        // The catalog lost 0.2.0 between waves (a platform restarted with another chart set).
        storeService = new StoreService(stores, null, operations, new JdbiReleaseRepository(db.jdbi()), null,
                ChartVersions.allEngines(List.of("0.1.0")), 10, StoreQuotas.unlimited(),
                () -> { }, clock);
        upgrader = new FleetUpgrader(new JdbiFleetUpgradeRepository(db.jdbi()), stores, operations, storeService, clock);
        upgrader.advanceAll();

        FleetUpgrade halted = fleets.get(id);
        assertEquals(FleetUpgrade.State.HALTED, halted.state());
        assertEquals("b", halted.haltedStore());
        assertTrue(halted.haltReason().contains("Could not queue its upgrade"), halted.haltReason());
    }

    @Test
    void aStoreThatIsNotReadyWhenItsWaveStartsIsSkippedAndReportedNotAFailure() {
        for (String id : List.of("a", "b", "c")) {
            readyStore(id, "0.1.0");
        }
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        stores.markFailed("b", "reconcile", "namespace vanished", now); // b broke before its wave came
        upgradeSucceeds("a");
        upgrader.advanceAll();

        assertEquals(Status.SKIPPED, statuses(id).get("b"));
        FleetUpgrade.Member b = fleets.get(id).wave(2).get(0);
        assertTrue(b.error().contains("FAILED, not READY"), b.error());
        assertTrue(stores.events("b").stream().anyMatch(e -> e.step().equals("fleet-upgrade")
                && e.status() == StoreEvent.Status.INFO && e.message().contains("Skipped")));
        upgrader.advanceAll();
        assertEquals(Status.UPGRADING, statuses(id).get("c"), "a skip does not halt");
        upgradeSucceeds("c");
        upgrader.advanceAll();
        assertEquals(FleetUpgrade.State.SUCCEEDED, fleets.get(id).state());
    }

    @Test
    void aStoreWhoseEngineTheTargetChartLacksIsSkippedAndKeepsItsChart() {
        storeService = new StoreService(stores, null, operations, new JdbiReleaseRepository(db.jdbi()), null,
                ChartVersions.of(List.of("0.1.0", "0.2.0"), v -> v.equals("0.1.0")
                        ? Set.of("woocommerce", "medusa") : Set.of("woocommerce")), 10, StoreQuotas.unlimited(),
                () -> { }, clock);
        upgrader = new FleetUpgrader(new JdbiFleetUpgradeRepository(db.jdbi()), stores, operations, storeService, clock);
        readyStore("a", "0.1.0");
        fixture.readyStore("m", Engine.MEDUSA, "0.1.0", 1);
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        upgradeSucceeds("a");
        upgrader.advanceAll();

        assertEquals(Status.SKIPPED, statuses(id).get("m"));
        assertTrue(fleets.get(id).wave(2).get(0).error().contains("Chart 0.2.0 has no medusa engine"));
        assertEquals("0.1.0", stores.find("m").orElseThrow().chartVersion());
        assertEquals(StoreState.READY, stores.find("m").orElseThrow().state());
        upgrader.advanceAll();
        assertEquals(FleetUpgrade.State.SUCCEEDED, fleets.get(id).state(), "a skip is not a failure");
    }

    @Test
    void aRestartedPlatformResumesWhereTheLastOneStoppedWithoutQueueingTwice() {
        for (String id : List.of("a", "b", "c", "d")) {
            readyStore(id, "0.1.0");
        }
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        upgradeSucceeds("a");
        // The last process queued b's upgrade and stopped before recording it in the fleet upgrade.
        storeService.upgrade("b", "0.2.0", FleetUpgrade.actor(id));
        db.close();

        db = login.open();
        wire();
        upgrader.advanceAll();
        assertEquals(Map.of("a", Status.SUCCEEDED, "b", Status.UPGRADING, "c", Status.PENDING, "d", Status.PENDING),
                statuses(id));
        assertEquals(1, upgrades("b"), "b's queued upgrade was adopted, not skipped nor queued again");
        upgradeSucceeds("b");
        upgrader.advanceAll();
        upgradeSucceeds("c");
        upgradeSucceeds("d");
        upgrader.advanceAll();
        assertEquals(FleetUpgrade.State.SUCCEEDED, fleets.get(id).state());
    }

    @Test
    void upgradesStillRunningInAHaltedWaveAreFollowedToTheirEnd() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            readyStore(id, "0.1.0");
        }
        long id = fleets.start("0.1.0", "0.2.0", "alice").id();
        upgrader.advanceAll();
        upgradeSucceeds("a");
        upgrader.advanceAll();
        upgradeSucceeds("b");
        upgrader.advanceAll();
        upgradeFailsAndIsRolledBack("c");
        upgrader.advanceAll();
        assertEquals(FleetUpgrade.State.HALTED, fleets.get(id).state());
        assertEquals(Status.UPGRADING, statuses(id).get("d"));
        upgradeSucceeds("d");
        upgradeFailsAndIsRolledBack("e");
        upgrader.advanceAll();
        assertEquals(Status.SUCCEEDED, statuses(id).get("d"));
        assertEquals(Status.FAILED, statuses(id).get("e"));
        assertEquals("c", fleets.get(id).haltedStore(), "the first failure is the one named");
    }

    @Test
    void requestsThatCannotStartAreRefusedWithClearReasons() {
        readyStore("b", "0.1.0");
        readyStore("c", "0.2.0");
        stores.create(new Store("a", Engine.WOOCOMMERCE, StoreState.PROVISIONING, "o@example.com", "alice",
                null, null, null, null, now, now, null, null, now), "alice");
        stores.markFailed("a", "install", "boom", now);
        stores.markReadyAt("a", "0.1.0", 1, now);
        stores.markFailed("a", "upgrade", "boom", now);

        assertEquals(PlatformException.Kind.NOT_FOUND, refused("0.1.0", "9.9.9").kind());
        assertEquals(PlatformException.Kind.INVALID, refused("0.2.0", "0.2.0").kind());
        assertEquals(PlatformException.Kind.INVALID, refused(null, "0.2.0").kind());
        PlatformException none = refused("0.0.9", "0.2.0");
        assertEquals("no_ready_stores", none.code());
        assertTrue(none.getMessage().contains("0.1.0: 1, 0.2.0: 1"), none.getMessage());

        FleetUpgrade started = fleets.start("0.1.0", "0.2.0", "alice");
        assertEquals(List.of("b", "a"), names(started.stores()), "the canary is the first READY store");
        PlatformException busy = refused("0.2.0", "0.1.0");
        assertEquals("fleet_upgrade_running", busy.code());
        assertTrue(busy.getMessage().contains("Fleet upgrade " + started.id()), busy.getMessage());
        assertEquals(1, fleets.list().size());
    }

    private PlatformException refused(String from, String to) {
        return assertThrows(PlatformException.class, () -> fleets.start(from, to, "alice"));
    }

    private static List<String> names(List<FleetUpgrade.Member> members) {
        return members.stream().map(FleetUpgrade.Member::storeId).toList();
    }
}
