package io.urumi.drift;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.auth.AuditLog;
import io.urumi.error.PlatformException;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each READY store's release against the cluster once per interval, like Flux's per-object reconcile
 * interval: a release whose records are gone fails its store with a reason, and drift between the manifest and the
 * live objects is stored and shown. A watch per store namespace would hold a connection per store, and the platform
 * may not watch Secrets cluster-wide; so one store is checked at a time, on the leader only, the checks of one
 * interval spread evenly over the READY stores (never-checked and newly deployed stores first). The full reconcile
 * pass stays database-only; this is where the cluster is asked.
 *
 * <p>A release left pending by no operation of ours (a crash of something else, or a record restored from a backup)
 * blocks every later Helm operation. Once it is older than a Helm call of ours may last, nobody is still at it: the
 * check queues a repair as {@value #ACTOR}, which unlocks it (marks it failed, as Flux does) and deploys the store's
 * revision again, and writes that to the audit log.
 */
public final class ReleaseChecks implements DriftCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseChecks.class);
    /** Who the audit log and the store's timeline name for what the platform does on its own (not a user name). */
    public static final String ACTOR = "system:release-check";
    /** A new store waits at most this long for its first check, however long the interval. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final Duration SHORTEST_PAUSE = Duration.ofMillis(100);
    /** Candidates read per tick, so that stores resting after a failed check cannot starve the others. */
    private static final int CANDIDATES = 20;
    private final ReleaseHealth health;
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final DriftRepository drifts;
    private final BooleanSupplier acting;
    private final Duration interval;
    private final Duration helmTimeout;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Runnable workQueued = () -> { };
    /** Stores whose last check stored nothing (cluster error, busy, pending), until when they are left alone. */
    private final Map<String, Instant> resting = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public ReleaseChecks(ReleaseHealth health, StoreRepository stores, OperationRepository operations,
                         DriftRepository drifts, BooleanSupplier acting, Duration interval, Duration helmTimeout,
                         AuditLog audit, Clock clock) {
        this.health = health;
        this.stores = stores;
        this.operations = operations;
        this.drifts = drifts;
        this.acting = acting;
        this.interval = interval;
        this.helmTimeout = helmTimeout;
        this.audit = audit;
        this.clock = clock;
    }

    /** Told when a check queued an operation, so that a worker takes it at once. */
    public void onWorkQueued(Runnable wake) {
        this.workQueued = wake;
    }

    /** Starts checking in the background; a follower's ticks do nothing until it leads. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "release-checks");
                t.setDaemon(true);
                return t;
            });
            timer.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        try {
            if (acting.getAsBoolean()) {
                Instant now = clock.instant();
                resting.values().removeIf(until -> !until.isAfter(now));
                drifts.mostOverdue(now.minus(interval), CANDIDATES).stream().filter(id -> !resting.containsKey(id))
                        .findFirst().ifPresent(this::checkQuietly);
            }
        } catch (RuntimeException e) {
            LOG.warn("release check pass failed: {}", e.getMessage());
        } finally {
            schedule();
        }
    }

    private synchronized void schedule() {
        if (timer == null) {
            return;
        }
        Duration next;
        try {
            next = pause();
        } catch (RuntimeException e) {
            next = LONGEST_PAUSE; // the database is away; the next tick says so in its log line
        }
        timer.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The interval shared out over the READY stores, so 1,000 stores at 10 minutes is one check every 0.6 s. */
    private Duration pause() {
        Duration even = interval.dividedBy(Math.max(1, drifts.readyStores()));
        return even.compareTo(SHORTEST_PAUSE) < 0 ? SHORTEST_PAUSE
                : even.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : even;
    }

    /** A check that stored nothing is not repeated for an interval, so one broken store cannot hold up the rest. */
    private void checkQuietly(String storeId) {
        try {
            if (!check(storeId, false).stored()) {
                resting.put(storeId, clock.instant().plus(interval));
            }
        } catch (RuntimeException e) {
            resting.put(storeId, clock.instant().plus(interval));
            LOG.warn("release check of store {} failed: {}", storeId, e.getMessage(), kv("store", storeId),
                    kv("release", StoreNames.release(storeId)));
        }
    }

    @Override
    public Drift checkNow(String storeId) {
        Checked checked = check(storeId, false);
        if (checked.drift() != null) {
            return checked.drift();
        }
        Store store = stores.find(storeId).orElseThrow();
        String release = "Helm's release " + StoreNames.release(storeId);
        if (checked.finding() instanceof ReleaseHealth.Pending p) {
            throw PlatformException.conflict("release_pending", release + " is '" + p.status() + "' at revision "
                    + p.revision() + " since " + p.since() + ", so nothing settled is there to compare with. An "
                    + "operation may still be at work on it; one left pending longer than the Helm timeout ("
                    + helmTimeout.toMinutes() + " min) by no operation is repaired automatically.");
        }
        if (checked.finding() instanceof ReleaseHealth.Gone g) {
            throw PlatformException.conflict("release_missing",
                    store.state() == StoreState.FAILED ? store.failureReason() : release + " is gone: " + g.what());
        }
        String newest = checked.finding() instanceof ReleaseHealth.Unsettled u ? " (its newest record is '"
                + u.status() + "')" : "";
        throw PlatformException.conflict("release_missing", release + " has no deployed revision to compare with now"
                + newest + ".");
    }

    /**
     * Checks again from within the store's own operation (a repair), whose active slot would otherwise keep the
     * result from being stored. Null when the check could not be made; the periodic check makes it later.
     */
    public Drift recheck(String storeId) {
        try {
            return check(storeId, true).drift();
        } catch (RuntimeException e) {
            LOG.warn("drift check after the operation failed: {}", e.getMessage(), kv("store", storeId));
            return null;
        }
    }

    /** What the cluster said, the drift judged from it (null unless deployed), and whether it was stored. */
    private record Checked(ReleaseHealth.Finding finding, Drift drift, boolean stored) {
    }

    /** Stores the drift found when the store is still idle (but for {@code withinOperation}) at that revision. */
    private Checked check(String storeId, boolean withinOperation) {
        ReleaseHealth.Finding finding = health.check(storeId);
        if (finding instanceof ReleaseHealth.Gone gone) {
            releaseGone(storeId, gone.what());
            return new Checked(finding, null, false);
        }
        if (finding instanceof ReleaseHealth.Pending pending) {
            recoverPending(storeId, pending);
            return new Checked(finding, null, false);
        }
        if (!(finding instanceof ReleaseHealth.Deployed deployed)) {
            return new Checked(finding, null, false);
        }
        Drift drift = new Drift(deployed.revision(), clock.instant(), deployed.differences().size(),
                deployed.differences());
        // An operation that started meanwhile is changing the objects: what it finds says nothing about drift.
        Store now = stores.find(storeId).orElseThrow();
        boolean settled = now.state() == StoreState.READY && now.helmRevision() != null
                && now.helmRevision() == deployed.revision()
                && (withinOperation || operations.active(storeId).isEmpty());
        if (settled) {
            boolean before = drifts.find(storeId).filter(d -> d.revision() == drift.revision())
                    .map(Drift::drifted).orElse(false);
            drifts.save(storeId, drift);
            if (drift.drifted() && !before) {
                LOG.warn("store drifted from its release: {}", drift.differences().get(0).describe(),
                        kv("store", storeId), kv("release", StoreNames.release(storeId)),
                        kv("revision", drift.revision()), kv("differences", drift.total()));
            }
        }
        return new Checked(finding, drift, settled);
    }

    /**
     * Queues a repair of a READY store whose release was left pending, when no operation of ours works on it and the
     * pending revision is older than the Helm timeout (whoever began it is no longer at it).
     */
    private void recoverPending(String storeId, ReleaseHealth.Pending pending) {
        Instant now = clock.instant();
        if (pending.since().isAfter(now.minus(helmTimeout)) || operations.active(storeId).isPresent()) {
            return;
        }
        String message = "Helm's release " + StoreNames.release(storeId) + " was left '" + pending.status()
                + "' at revision " + pending.revision() + " since " + pending.since() + " by no operation of "
                + "Urumi's; repairing: unlock it and deploy the store's revision again";
        Optional<Long> queued;
        try {
            queued = stores.transitionAndQueue(storeId, EnumSet.of(StoreState.READY), StoreState.READY,
                    Operation.Type.REPAIR, null, ACTOR, message, now);
        } catch (PlatformException busy) {
            return; // an operation was queued meanwhile; it unlocks the release itself
        }
        if (queued.isPresent()) {
            // No client and no request: the address column says so, the request id names the operation.
            audit.record(ACTOR, "store.recover-release", storeId, "internal", "queued", 202,
                    "operation-" + queued.get(), pending.status()
                    + " at revision " + pending.revision() + " since " + pending.since());
            LOG.warn("release left {} by no operation; repair queued", pending.status(), kv("store", storeId),
                    kv("release", StoreNames.release(storeId)), kv("revision", pending.revision()),
                    kv("operation", queued.get()));
            workQueued.run();
        }
    }

    /** Only when no operation works on the store: an uninstall by our own deletion is not a vanishing. */
    private void releaseGone(String storeId, String what) {
        String reason = "The store's Helm release was removed outside Urumi: " + what + ". Retry reinstalls it "
                + "with the same settings and admin password; its data may be gone (volume claims still in the "
                + "namespace are used again). Or delete the store.";
        if (stores.failIfIdle(storeId, StoreState.READY, "release", reason, clock.instant())) {
            stores.addEvent(storeId, null, "release", StoreEvent.Status.FAILED, reason, clock.instant());
            LOG.warn("store release vanished; store marked FAILED: {}", what, kv("store", storeId),
                    kv("release", StoreNames.release(storeId)));
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
