package io.urumi.observe;

import io.urumi.provision.ReleaseStatus;
import io.urumi.provision.StoreReleases;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Times every Helm call of the store releases it wraps, by Helm verb, without changing what they do. */
public final class TimedStoreReleases implements StoreReleases {
    private final StoreReleases helm;
    private final PlatformMetrics metrics;

    public TimedStoreReleases(StoreReleases helm, PlatformMetrics metrics) {
        this.helm = helm;
        this.metrics = metrics;
    }

    @Override
    public ReleaseStatus status(String storeId) {
        return metrics.timeHelm("status", () -> helm.status(storeId));
    }

    @Override
    public ReleaseStatus install(String storeId, Map<String, Object> values, Duration timeout) {
        return metrics.timeHelm("install", () -> helm.install(storeId, values, timeout));
    }

    @Override
    public ReleaseStatus upgrade(String storeId, String chartVersion, Map<String, Object> values, Duration timeout,
                                 String description) {
        return metrics.timeHelm("upgrade", () -> helm.upgrade(storeId, chartVersion, values, timeout, description));
    }

    @Override
    public ReleaseStatus rollback(String storeId, int revision, Duration timeout) {
        return metrics.timeHelm("rollback", () -> helm.rollback(storeId, revision, timeout));
    }

    @Override
    public ReleaseStatus redeploy(String storeId, int revision, Duration timeout, String description) {
        return metrics.timeHelm("upgrade", () -> helm.redeploy(storeId, revision, timeout, description));
    }

    @Override
    public void unlock(String storeId, int revision, String description) {
        helm.unlock(storeId, revision, description); // edits Helm's record with the Kubernetes client, not Helm
    }

    @Override
    public int pruneHistory(String storeId, int keep) {
        return helm.pruneHistory(storeId, keep); // the same: a Kubernetes call
    }

    @Override
    public List<String> test(String storeId, int revision, Duration timeout) {
        return metrics.timeHelm("test", () -> helm.test(storeId, revision, timeout));
    }

    @Override
    public void uninstall(String storeId, Duration timeout) {
        metrics.timeHelm("uninstall", () -> {
            helm.uninstall(storeId, timeout);
            return null;
        });
    }

    @Override
    public String chartVersion() {
        return helm.chartVersion();
    }

    @Override
    public List<String> chartVersions() {
        return helm.chartVersions();
    }
}
