package io.urumi.fleet;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StoreNames;
import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetUpgrade;
import io.urumi.fleet.FleetUpgrade.Member;
import io.urumi.fleet.FleetUpgrade.Status;
import io.urumi.fleet.FleetUpgradeRepository;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreService;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries fleet upgrades forward, one wave at a time, on its own thread. Each pass reads everything from the
 * database, so a restart resumes where the last process stopped: a wave's UPGRADE operations are queued through
 * the store service like any single upgrade, the next wave starts when all of them SUCCEEDED, and the first
 * failure halts the fleet upgrade.
 */
public final class FleetUpgrader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetUpgrader.class);
    private static final long POLL_MILLIS = 500;
    private final FleetUpgradeRepository fleets;
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final StoreService storeService;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running;

    public FleetUpgrader(FleetUpgradeRepository fleets, StoreRepository stores, OperationRepository operations,
                         StoreService storeService, Clock clock) {
        this.fleets = fleets;
        this.stores = stores;
        this.operations = operations;
        this.storeService = storeService;
        this.clock = clock;
        this.thread = new Thread(this::loop, "fleet-upgrader");
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Tells the upgrader that a fleet upgrade was started, so its first wave goes out at once. */
    public void wake() {
        wakeups.release();
    }

    private void loop() {
        while (running) {
            try {
                advanceAll();
                wakeups.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("fleet upgrader pass failed; trying again", e);
            }
        }
    }

    /** One pass over every fleet upgrade with work left. */
    public void advanceAll() {
        for (long id : fleets.unsettled()) {
            advance(id);
        }
    }

    void advance(long id) {
        FleetUpgrade fleet = settle(load(id));
        if (fleet.state() != FleetUpgrade.State.RUNNING || haltAtFailure(fleet)) {
            return;
        }
        Optional<Integer> wave = fleet.currentWave();
        if (wave.isEmpty()) {
            if (fleets.succeed(id, clock.instant())) {
                LOG.info("fleet upgrade succeeded: {} to {}", fleet.fromVersion(), fleet.toVersion(),
                        kv("fleetUpgrade", id));
            }
            return;
        }
        List<Member> pending = fleet.wave(wave.get()).stream().filter(m -> m.status() == Status.PENDING).toList();
        if (pending.isEmpty()) {
            return; // the wave's upgrades are still running
        }
        LOG.info("fleet upgrade wave {} of {} starting with {} store(s)", wave.get(), fleet.waveCount(),
                pending.size(), kv("fleetUpgrade", id), kv("wave", wave.get()));
        pending.forEach(member -> begin(fleet, member));
        haltAtFailure(load(id));
    }

    /** Records how the upgrades that were queued have ended. */
    private FleetUpgrade settle(FleetUpgrade fleet) {
        boolean changed = false;
        for (Member member : fleet.stores()) {
            if (member.status() != Status.UPGRADING) {
                continue;
            }
            Optional<Operation> op = operations.find(member.operationId());
            if (op.isPresent() && op.get().status().active()) {
                continue;
            }
            boolean succeeded = op.isPresent() && op.get().status() == Operation.Status.SUCCEEDED;
            String error = op.map(Operation::error).orElse("Its upgrade operation is gone.");
            fleets.updateMember(fleet.id(), member.storeId(), succeeded ? Status.SUCCEEDED : Status.FAILED, null,
                    succeeded ? null : error, clock.instant());
            LOG.info("fleet upgrade store {}: {}", succeeded ? "upgraded" : "failed", member.storeId(),
                    kv("fleetUpgrade", fleet.id()), kv("store", member.storeId()),
                    kv("release", StoreNames.release(member.storeId())),
                    kv("operation", member.operationId()));
            changed = true;
        }
        return changed ? load(fleet.id()) : fleet;
    }

    private boolean haltAtFailure(FleetUpgrade fleet) {
        Optional<Member> failed = fleet.stores().stream().filter(m -> m.status() == Status.FAILED).findFirst();
        if (failed.isEmpty()) {
            return false;
        }
        Member store = failed.get();
        String reason = "Store '" + store.storeId() + "' (wave " + store.wave() + ") was not upgraded to "
                + fleet.toVersion() + ": " + store.error();
        if (fleets.halt(fleet.id(), store.storeId(), reason, clock.instant())) {
            LOG.warn("fleet upgrade halted: {}", reason, kv("fleetUpgrade", fleet.id()),
                    kv("store", store.storeId()),
                    kv("release", StoreNames.release(store.storeId())), kv("wave", store.wave()));
        }
        return true;
    }

    /** Queues one store's upgrade, or skips the store when it is no longer a READY store on the source chart. */
    private void begin(FleetUpgrade fleet, Member member) {
        String id = member.storeId();
        Optional<Operation> queuedEarlier = ownOperation(fleet, id);
        if (queuedEarlier.isPresent()) {
            // Queued by a process that stopped before recording it here.
            fleets.updateMember(fleet.id(), id, Status.UPGRADING, queuedEarlier.get().id(), null, clock.instant());
            return;
        }
        Optional<Store> store = stores.find(id);
        String skip = skipReason(fleet, store);
        if (skip != null) {
            fleets.updateMember(fleet.id(), id, Status.SKIPPED, null, skip, clock.instant());
            if (store.isPresent()) {
                stores.addEvent(id, null, "fleet-upgrade", StoreEvent.Status.INFO, "Skipped by fleet upgrade "
                        + fleet.id() + ": " + skip, clock.instant());
            }
            LOG.info("fleet upgrade skipped store: {}", skip, kv("fleetUpgrade", fleet.id()), kv("store", id),
                    kv("release", StoreNames.release(id)));
            return;
        }
        try {
            storeService.upgrade(id, fleet.toVersion(), fleet.actor());
            long op = ownOperation(fleet, id).orElseThrow(() -> new IllegalStateException(
                    "the upgrade of " + id + " was queued but its operation is not found")).id();
            fleets.updateMember(fleet.id(), id, Status.UPGRADING, op, null, clock.instant());
            LOG.info("fleet upgrade queued store upgrade", kv("fleetUpgrade", fleet.id()), kv("store", id),
                    kv("release", StoreNames.release(id)),
                    kv("operation", op), kv("wave", member.wave()));
        } catch (PlatformException e) {
            fleets.updateMember(fleet.id(), id, Status.FAILED, null, "Could not queue its upgrade: "
                    + e.getMessage(), clock.instant());
        }
    }

    private String skipReason(FleetUpgrade fleet, Optional<Store> found) {
        if (found.isEmpty() || found.get().state() == StoreState.DELETED
                || found.get().state() == StoreState.DELETING) {
            return "The store was deleted.";
        }
        Store store = found.get();
        if (store.state() != StoreState.READY) {
            return "The store was " + store.state() + ", not READY, when its wave started.";
        }
        if (!fleet.fromVersion().equals(store.chartVersion())) {
            return "The store runs chart " + store.chartVersion() + " now, not " + fleet.fromVersion() + ".";
        }
        // A version the catalog lost is not skipped here: queuing refuses it and halts the fleet upgrade.
        if (storeService.chartVersions().contains(fleet.toVersion())
                && !storeService.chartRuns(fleet.toVersion(), store.engine())) {
            return "Chart " + fleet.toVersion() + " has no " + store.engine().value() + " engine; the store stays on "
                    + store.chartVersion() + ".";
        }
        return null;
    }

    /** The newest UPGRADE operation this fleet upgrade queued for the store, if any. */
    private Optional<Operation> ownOperation(FleetUpgrade fleet, String storeId) {
        List<Operation> ops = operations.forStore(storeId);
        for (int i = ops.size() - 1; i >= 0; i--) {
            Operation op = ops.get(i);
            if (op.type() == Operation.Type.UPGRADE && fleet.actor().equals(op.requestedBy())) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private FleetUpgrade load(long id) {
        return fleets.find(id).orElseThrow(() -> new IllegalStateException("fleet upgrade " + id + " vanished"));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
