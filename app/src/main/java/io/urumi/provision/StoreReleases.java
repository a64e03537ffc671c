package io.urumi.provision;

import java.time.Duration;
import java.util.Map;

/** The store's Helm release: install, inspect and remove it. */
public interface StoreReleases {
    /** The release's current state, or {@link ReleaseStatus#absent()} when there is none. */
    ReleaseStatus status(String storeId);

    /** Installs the chart with the given values and waits (pods ready, setup hook Job done) up to the timeout. */
    ReleaseStatus install(String storeId, Map<String, Object> values, Duration timeout);

    /** Upgrades an existing release (also one whose last revision failed) and waits like install does. */
    ReleaseStatus upgrade(String storeId, Map<String, Object> values, Duration timeout, String description);

    /** Marks a revision left pending by a crash as failed, so Helm accepts the next operation. */
    void unlock(String storeId, int revision, String description);

    /** Removes the release; absent is success. */
    void uninstall(String storeId, Duration timeout);

    /** The version of the chart the platform installs now. */
    String chartVersion();
}
