package io.urumi.drift;

import io.urumi.store.StoreService;
import java.util.Optional;

/**
 * What the API and the pages ask of drift: a store's latest check, and a check now. Access is the store's: a store
 * the caller may not see is answered as missing by {@link StoreService#get}. Repair is an operation, so it is
 * queued by {@link StoreService#repair}.
 */
public final class DriftService {
    private final StoreService stores;
    private final DriftRepository drifts;
    private final DriftCheck check;

    public DriftService(StoreService stores, DriftRepository drifts, DriftCheck check) {
        this.stores = stores;
        this.drifts = drifts;
        this.check = check;
    }

    /** The store's latest drift check, if it had one. */
    public Optional<Drift> latest(String id) {
        stores.get(id);
        return drifts.find(id);
    }

    /**
     * Compares the store's live objects with its release now, instead of at its next periodic check. A release found
     * gone fails the store (with the reason) and answers a conflict.
     */
    public Drift checkNow(String id) {
        stores.requireReady(id, "checked for drift");
        return check.checkNow(id);
    }
}
