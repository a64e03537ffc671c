package io.urumi.store;

import io.urumi.auth.Principal;
import io.urumi.error.PlatformException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store lifecycle as users see it: requests are validated, recorded and queued; workers do the rest. */
public final class StoreService {
    private final StoreRepository stores;
    private final StoreCredentials credentials;
    private final OperationRepository operations;
    private final ReleaseRepository releases;
    private final ReleaseInspector inspector;
    private final ChartVersions charts;
    private final int historyMax;
    private final Runnable workAvailable;
    private final StoreQuotas quotas;
    private final Clock clock;

    public StoreService(StoreRepository stores, StoreCredentials credentials, OperationRepository operations,
                        ReleaseRepository releases, ReleaseInspector inspector, ChartVersions charts,
                        int historyMax, StoreQuotas quotas,
                        Runnable workAvailable, Clock clock) {
        this.stores = stores;
        this.credentials = credentials;
        this.operations = operations;
        this.releases = releases;
        this.inspector = inspector;
        this.charts = charts;
        this.historyMax = historyMax;
        this.workAvailable = workAvailable;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * Records the store, owned by whoever asked, and queues its creation. Synchronized so that two creates cannot
     * both pass a quota check with one slot left (one platform process takes requests for a given database today).
     */
    public synchronized Store create(NewStore request, String actor) {
        if (stores.countLive(null) >= quotas.maxStores()) {
            throw PlatformException.quota("The platform holds its maximum of " + quotas.maxStores() + " stores. "
                    + "Delete a store you no longer need, or ask an administrator to raise URUMI_MAX_STORES.");
        }
        if (stores.countLive(actor) >= quotas.maxStoresPerUser()) {
            throw PlatformException.quota("You already have " + quotas.maxStoresPerUser() + " stores, the most one "
                    + "user may have. Delete one you no longer need, or ask an administrator to raise "
                    + "URUMI_MAX_STORES_PER_USER.");
        }
        Store store = new Store(request.name(), request.engine(), StoreState.PROVISIONING, request.adminEmail(),
                actor, null, null, null, null, clock.instant(), clock.instant(), null, null, clock.instant());
        stores.create(store, actor);
        workAvailable.run();
        return get(store.id());
    }

    /** The stores {@code viewer} may see: all of them for admins, their own for members. */
    public List<Store> list(boolean includeDeleted, Principal viewer) {
        return viewer.admin() ? stores.list(includeDeleted) : stores.listOwnedBy(viewer.name(), includeDeleted);
    }

    /** Who owns a store, for the access check; empty when there is no such store. */
    public Optional<String> owner(String id) {
        return stores.owner(id);
    }

    public Store get(String id) {
        return stores.find(id).orElseThrow(() -> noSuchStore(id));
    }

    /** The answer for a store that does not exist, and (word for word) for another user's store. */
    public static PlatformException noSuchStore(String id) {
        return PlatformException.notFound("No store named '" + id + "'.");
    }

    public List<StoreEvent> events(String id) {
        get(id);
        return stores.events(id);
    }

    /** How the store's latest Helm test ended, if one ran. */
    public Optional<StoreEvent> lastReleaseTest(String id) {
        return stores.events(id).stream().filter(e -> StoreEvent.RELEASE_TEST_STEP.equals(e.step()) && e.outcome())
                .reduce((earlier, later) -> later);
    }

    /** The latest events across the stores {@code viewer} may see, newest first. */
    public List<StoreEvent> recentEvents(int limit, Principal viewer) {
        return viewer.admin() ? stores.recentEvents(limit) : stores.recentEventsOwnedBy(viewer.name(), limit);
    }

    /** The engine of each named store that exists (deleted ones included), in one query. */
    public Map<String, Engine> engines(Collection<String> ids) {
        return stores.engines(ids);
    }

    public String adminUser(String id) {
        return credentials.adminUser(id);
    }

    /**
     * Reads the store's admin credentials from the cluster, for a person who asked to see them, and records who
     * looked (never what they saw), so the timeline shows every reveal.
     */
    public StoreCredentials.Credentials revealCredentials(String id, String actor) {
        Store store = get(id);
        if (store.state() == StoreState.DELETING || store.state() == StoreState.DELETED) {
            throw PlatformException.conflict("store_deleted", "Store '" + id + "' is " + describe(store.state())
                    + "; its credentials are gone with it.");
        }
        StoreCredentials.Credentials found = credentials.read(id).orElseThrow(() -> PlatformException.conflict(
                "credentials_missing", "Store '" + id + "' has no admin credentials yet: they are created while "
                        + "the store is provisioned. Try again once it is ready."));
        stores.addEvent(id, null, "credentials-revealed", StoreEvent.Status.INFO,
                "Admin password revealed to " + actor, clock.instant());
        return found;
    }

    /** Deleting a store that is already being deleted, or is deleted, is not an error. */
    public Store delete(String id, String actor) {
        Store store = get(id);
        if (store.state() == StoreState.DELETING || store.state() == StoreState.DELETED) {
            return store;
        }
        if (store.state().busy() || operations.latest(id).map(op -> op.status().active()).orElse(false)) {
            // The running operation stops at its next step (or when Helm returns); the deletion follows it.
            stores.requestDeletion(id, clock.instant());
            String running = store.state().busy() ? "the store is " + describe(store.state())
                    : operations.latest(id).map(op -> describe(op.type()) + " is under way").orElse("busy");
            stores.addEvent(id, null, "requested", StoreEvent.Status.INFO, "Deletion requested by " + actor
                    + " while " + running + "; it starts as soon as that stops",
                    clock.instant());
            workAvailable.run();
            return get(id);
        }
        queue(id, EnumSet.of(StoreState.READY, StoreState.FAILED), StoreState.DELETING, Operation.Type.DELETE, null,
                actor,
                "Deletion requested by " + actor);
        return get(id);
    }

    /** The chart versions the platform can install, oldest first. */
    public List<String> chartVersions() {
        return charts.versions();
    }

    /** The chart versions that can run stores of {@code engine}, oldest first. */
    public List<String> chartVersions(Engine engine) {
        return charts.runnableBy(engine);
    }

    /** For each chart version, the engines it runs (by their API names). */
    public Map<String, List<String>> chartEngines() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        charts.versions().forEach(v -> out.put(v, Arrays.stream(Engine.values()).filter(e -> charts.runs(v, e))
                .map(Engine::value).toList()));
        return out;
    }

    /** Whether chart {@code version} can run stores of {@code engine}. */
    public boolean chartRuns(String version, Engine engine) {
        return charts.runs(version, engine);
    }

    /** How many revisions Helm keeps per store; older ones can no longer be compared with or restored. */
    public int historyMax() {
        return historyMax;
    }

    /** The store's Helm revisions as the platform recorded them, oldest first. */
    public List<ReleaseRecord> revisions(String id) {
        get(id);
        return releases.history(id);
    }

    /** The store's most recent operation: how the last thing anyone asked for went. */
    public Optional<Operation> lastOperation(String id) {
        return operations.latest(id);
    }

    /** What differs between two revisions of the store's release. */
    public ReleaseInspector.ReleaseDiff diff(String id, int from, int to) {
        get(id);
        return inspector.diff(id, from, to);
    }

    /** What upgrading to {@code chartVersion} would change; nothing is changed. */
    public ReleaseInspector.ReleaseDiff previewUpgrade(String id, String chartVersion) {
        Store store = get(id);
        if (store.helmRevision() == null) {
            throw PlatformException.conflict("not_deployed", "Store '" + id + "' has no deployed revision yet.");
        }
        requireEngine(store, chartVersion);
        return inspector.previewUpgrade(store, chartVersion);
    }

    public Store upgrade(String id, String chartVersion, String actor) {
        Store store = requireReady(id, "upgraded");
        if (!charts.contains(chartVersion)) {
            throw PlatformException.notFound("Chart version '" + chartVersion + "' is not available; available: "
                    + String.join(", ", charts.versions()) + ".");
        }
        requireEngine(store, chartVersion);
        if (chartVersion.equals(store.chartVersion())) {
            throw PlatformException.conflict("same_version", "Store '" + id + "' already runs chart " + chartVersion
                    + ".");
        }
        queue(id, EnumSet.of(StoreState.READY), StoreState.UPGRADING, Operation.Type.UPGRADE, chartVersion, actor,
                "Upgrade to chart " + chartVersion + " requested by " + actor);
        return get(id);
    }

    public Store rollback(String id, int revision, String actor) {
        Store store = requireReady(id, "rolled back");
        List<ReleaseRecord> history = releases.history(id);
        if (history.stream().noneMatch(r -> r.revision() == revision)) {
            throw PlatformException.notFound("Store '" + id + "' has no revision " + revision + ".");
        }
        int newest = history.get(history.size() - 1).revision();
        if (revision <= newest - historyMax) {
            throw PlatformException.notFound("Revision " + revision + " of store '" + id + "' is no longer kept: "
                    + "history keeps the newest " + historyMax + " revisions.");
        }
        if (store.helmRevision() != null && store.helmRevision() == revision) {
            throw PlatformException.conflict("current_revision", "Store '" + id + "' is already at revision "
                    + revision + ".");
        }
        queue(id, EnumSet.of(StoreState.READY), StoreState.ROLLING_BACK, Operation.Type.ROLLBACK,
                String.valueOf(revision), actor, "Rollback to revision " + revision + " requested by " + actor);
        return get(id);
    }

    /** A store never moves to a chart version without its engine: Helm would remove the whole store. */
    private void requireEngine(Store store, String chartVersion) {
        if (charts.contains(chartVersion) && !charts.runs(chartVersion, store.engine())) {
            List<String> able = charts.runnableBy(store.engine());
            throw PlatformException.conflict("engine_unsupported", "Chart " + chartVersion + " has no "
                    + store.engine().value() + " engine, so store '" + store.id() + "' cannot move to it; it stays on "
                    + "chart " + store.chartVersion() + ". Chart versions that run " + store.engine().value()
                    + " stores: " + String.join(", ", able) + ".");
        }
    }

    /**
     * The store, when it is READY and no operation is under way on it; otherwise a conflict that says why, using
     * {@code verb} ("restarted", "checked for drift") for what was asked.
     */
    public Store requireReady(String id, String verb) {
        Store store = get(id);
        if (store.state() != StoreState.READY) {
            throw PlatformException.conflict("not_ready", "Only a READY store can be " + verb + "; store '" + id
                    + "' is " + store.state() + ".");
        }
        operations.latest(id).filter(op -> op.status().active()).ifPresent(op -> {
            throw PlatformException.conflict("busy", "Store '" + id + "' is busy: " + describe(op.type())
                    + " is under way. Try again when it has finished.");
        });
        return store;
    }

    /** Replaces the store's pods; the store keeps its state and data. Owner or admin; audited. */
    public Store restart(String id, String actor) {
        requireReady(id, "restarted");
        queue(id, EnumSet.of(StoreState.READY), StoreState.READY, Operation.Type.RESTART, null, actor,
                "Restart requested by " + actor);
        return get(id);
    }

    /** Gives the store's admin a new random password (revealed on request, like the first). */
    public Store resetAdminPassword(String id, String actor) {
        return redeployQueued(id, "given a new admin password", Operation.Type.RESET_PASSWORD,
                "Admin password reset requested by " + actor, actor);
    }

    /** The key a storefront of this store sends from browsers (Medusa), once its setup has told it. */
    public Optional<String> publishableKey(String id) {
        get(id);
        return stores.publishableKey(id);
    }

    /**
     * Applies the store's guard rails and deploys its current revision again, so Helm recreates missing objects and
     * restores changed fields; the store stays READY. Owner or admin; audited.
     */
    public Store repair(String id, String actor) {
        return redeployQueued(id, "repaired", Operation.Type.REPAIR, "Repair of drift requested by " + actor, actor);
    }

    /** Queues an operation that deploys a READY store's current revision again; it stays READY meanwhile. */
    private Store redeployQueued(String id, String verb, Operation.Type type, String message, String actor) {
        Store store = requireReady(id, verb);
        if (store.helmRevision() == null) {
            throw PlatformException.conflict("not_deployed", "Store '" + id + "' has no deployed revision yet.");
        }
        queue(id, EnumSet.of(StoreState.READY), StoreState.READY, type, null, actor, message);
        return get(id);
    }

    private static String describe(Operation.Type type) {
        return switch (type) {
            case CREATE, RETRY -> "provisioning";
            case DELETE -> "a deletion";
            case UPGRADE -> "an upgrade";
            case ROLLBACK -> "a rollback";
            case RESTART -> "a restart";
            case RESET_PASSWORD -> "an admin password reset";
            case REPAIR -> "a repair";
        };
    }

    public Store retry(String id, String actor) {
        Store store = get(id);
        if (store.state() != StoreState.FAILED) {
            throw PlatformException.conflict("not_failed", "Only a failed store can be retried; store '" + id
                    + "' is " + store.state() + ".");
        }
        queue(id, EnumSet.of(StoreState.FAILED), StoreState.PROVISIONING, Operation.Type.RETRY, null, actor,
                "Retry requested by " + actor);
        return get(id);
    }

    private void queue(String id, EnumSet<StoreState> from, StoreState to, Operation.Type type, String parameter,
                       String actor, String message) {
        stores.transitionAndQueue(id, from, to, type, parameter, actor, message, clock.instant())
                .orElseThrow(() -> PlatformException.conflict("state_changed", "Store '" + id
                        + "' changed state while the request was handled; reload and try again."));
        workAvailable.run();
    }

    private static String describe(StoreState state) {
        return switch (state) {
            case PROVISIONING -> "still being provisioned";
            case UPGRADING -> "being upgraded";
            case ROLLING_BACK -> "being rolled back";
            case DELETING -> "being deleted";
            default -> state.name().toLowerCase();
        };
    }
}
