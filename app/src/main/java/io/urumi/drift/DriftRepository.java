package io.urumi.drift;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Each store's latest drift check, and which stores are due for one. */
public interface DriftRepository {
    /** Replaces the store's previous check with this one. */
    void save(String storeId, Drift drift);

    /** The store's latest check, if it was ever checked. */
    Optional<Drift> find(String storeId);

    /**
     * The READY stores most in need of a check, at most {@code limit}: those never checked, or checked at an older
     * revision, first; then those checked longest ago, if that was before {@code checkedBefore}.
     */
    List<String> mostOverdue(Instant checkedBefore, int limit);

    /** How many stores are READY: the checks of one interval are spread over them. */
    int readyStores();

    /** READY stores whose latest check, at their current revision, found differences. */
    long driftedStores();
}
