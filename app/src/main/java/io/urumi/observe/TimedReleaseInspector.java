package io.urumi.observe;

import io.urumi.store.ReleaseInspector;
import io.urumi.store.Store;

/** Times the Helm work behind upgrade previews (a render and a server-side dry-run upgrade). */
public final class TimedReleaseInspector implements ReleaseInspector {
    private final ReleaseInspector inspector;
    private final PlatformMetrics metrics;

    public TimedReleaseInspector(ReleaseInspector inspector, PlatformMetrics metrics) {
        this.inspector = inspector;
        this.metrics = metrics;
    }

    @Override
    public ReleaseDiff diff(String storeId, int from, int to) {
        return inspector.diff(storeId, from, to); // reads Helm's release records with the Kubernetes client
    }

    @Override
    public ReleaseDiff previewUpgrade(Store store, String chartVersion) {
        return metrics.timeHelm("upgrade-dry-run", () -> inspector.previewUpgrade(store, chartVersion));
    }
}
