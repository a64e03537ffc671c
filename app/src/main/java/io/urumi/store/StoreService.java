package io.urumi.store;

import io.urumi.error.PlatformException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;

/** The store lifecycle as users see it: requests are validated, recorded and queued; workers do the rest. */
public final class StoreService {
    private final StoreRepository stores;
    private final StoreCredentials credentials;
    private final Runnable workAvailable;
    private final Clock clock;

    public StoreService(StoreRepository stores, StoreCredentials credentials, Runnable workAvailable, Clock clock) {
        this.stores = stores;
        this.credentials = credentials;
        this.workAvailable = workAvailable;
        this.clock = clock;
    }

    public Store create(NewStore request, String actor) {
        Store store = new Store(request.name(), request.engine(), StoreState.PROVISIONING, request.adminEmail(),
                actor, null, null, null, null, clock.instant(), clock.instant(), null, null, clock.instant());
        stores.create(store, actor);
        workAvailable.run();
        return get(store.id());
    }

    public List<Store> list(boolean includeDeleted) {
        return stores.list(includeDeleted);
    }

    public Store get(String id) {
        return stores.find(id).orElseThrow(() -> PlatformException.notFound("No store named '" + id + "'."));
    }

    public List<StoreEvent> events(String id) {
        get(id);
        return stores.events(id);
    }

    /** The latest events across all stores, newest first. */
    public List<StoreEvent> recentEvents(int limit) {
        return stores.recentEvents(limit);
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
        if (store.state().busy()) {
            throw PlatformException.conflict("store_busy", "Store '" + id + "' is " + describe(store.state())
                    + "; delete it once that has finished.");
        }
        queue(id, EnumSet.of(StoreState.READY, StoreState.FAILED), StoreState.DELETING, Operation.Type.DELETE, actor,
                "Deletion requested by " + actor);
        return get(id);
    }

    public Store retry(String id, String actor) {
        Store store = get(id);
        if (store.state() != StoreState.FAILED) {
            throw PlatformException.conflict("not_failed", "Only a failed store can be retried; store '" + id
                    + "' is " + store.state() + ".");
        }
        queue(id, EnumSet.of(StoreState.FAILED), StoreState.PROVISIONING, Operation.Type.RETRY, actor,
                "Retry requested by " + actor);
        return get(id);
    }

    private void queue(String id, EnumSet<StoreState> from, StoreState to, Operation.Type type, String actor,
                       String message) {
        stores.transitionAndQueue(id, from, to, type, actor, message, clock.instant())
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
