package io.urumi.drift;

/** Compares a store's live objects with its release now, on request (the cluster side lives outside this package). */
public interface DriftCheck {
    /**
     * The fresh result, also stored. A conflict when the store's release turned out to be gone: the store is then
     * FAILED with the reason.
     */
    Drift checkNow(String storeId);
}
