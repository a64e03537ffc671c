package io.urumi.provision;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The store's Helm release: install, upgrade, roll back, inspect and remove it. */
public interface StoreReleases {
    /** The release's current state, or {@link ReleaseStatus#absent()} when there is none. */
    ReleaseStatus status(String storeId);

    /**
     * Installs the current chart with the given values and returns once its setup hook Job is done (Helm always waits
     * for hooks). It does not wait for the pods: the caller does, with {@link StoreCluster#awaitWorkloadsReady}.
     */
    ReleaseStatus install(String storeId, Map<String, Object> values, Duration timeout);

    /** Upgrades to a catalog chart version (also a release whose last revision failed) and waits like install. */
    ReleaseStatus upgrade(String storeId, String chartVersion, Map<String, Object> values, Duration timeout,
                          String description);

    /**
     * Restores exactly the chart and values of {@code revision} as a new revision described "Rollback to N", even
     * when that chart version is no longer in the catalog. Fails when Helm no longer keeps that revision.
     */
    ReleaseStatus rollback(String storeId, int revision, Duration timeout);

    /**
     * Deploys {@code revision}'s exact chart and values again as a new revision with this description, so the
     * store's setup hook runs again (it reapplies the admin password from the Secret).
     */
    ReleaseStatus redeploy(String storeId, int revision, Duration timeout, String description);

    /** Marks a revision left pending by a crash as failed, so Helm accepts the next operation. */
    void unlock(String storeId, int revision, String description);

    /** Deletes release records beyond the newest {@code keep} revisions (never the deployed one). */
    int pruneHistory(String storeId, int keep);

    /**
     * Runs the Helm tests of the release's {@code revision} and waits for them; returns the names of the tests that
     * passed (empty when the chart has none) and fails when one fails.
     */
    List<String> test(String storeId, int revision, Duration timeout);

    /** Removes the release; absent is success. */
    void uninstall(String storeId, Duration timeout);

    /** The version of the chart new stores get. */
    String chartVersion();

    /** Every chart version the platform can install, oldest first. */
    List<String> chartVersions();
}
