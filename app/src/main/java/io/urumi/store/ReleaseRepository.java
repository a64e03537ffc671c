package io.urumi.store;

import java.util.List;

/** One row per Helm revision per store, so pages never ask Helm for history. */
public interface ReleaseRepository {
    /**
     * Records a revision; recording the same revision again updates it (a resumed operation may). A deployed
     * revision supersedes the one deployed before it, as in Helm's own history.
     */
    void record(ReleaseRecord r);

    List<ReleaseRecord> history(String storeId);
}
