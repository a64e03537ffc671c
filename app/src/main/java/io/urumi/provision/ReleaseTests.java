package io.urumi.provision;

import io.urumi.store.StoreNames;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a release's Helm tests (the chart's in-cluster HTTP checks of the storefront and the admin page) after an
 * install, upgrade or rollback, and records the outcome as the store's "release-test" step. A failed test is shown,
 * never fatal: the pods are ready and the setup job succeeded, so the store is READY and the person who owns it
 * decides what the failed check means.
 */
public final class ReleaseTests {
    private static final String STEP = StoreEvent.RELEASE_TEST_STEP;
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseTests.class);
    private final StoreReleases releases;
    private final StoreRepository stores;
    private final Duration timeout;
    private final WorkMetrics metrics;
    private final Clock clock;

    public ReleaseTests(StoreReleases releases, StoreRepository stores, Duration timeout, WorkMetrics metrics,
                        Clock clock) {
        this.releases = releases;
        this.stores = stores;
        this.timeout = timeout;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the tests and records a STARTED and a DONE or FAILED event; never throws for a failed test. */
    public void run(String storeId, int revision, long operationId) {
        stores.addEvent(storeId, operationId, STEP, StoreEvent.Status.STARTED,
                "Running the chart's Helm test: the storefront and the admin page must answer inside the cluster",
                clock.instant());
        try {
            List<String> passed = releases.test(storeId, revision, timeout);
            String done = passed.isEmpty() ? "This chart version has no Helm test; nothing to check"
                    : "Helm test passed (" + String.join(", ", passed) + "): the storefront and the admin page answer";
            stores.addEvent(storeId, operationId, STEP, StoreEvent.Status.DONE, done, clock.instant());
            metrics.releaseTested(true);
            LOG.info("helm test passed");
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            String reason = "The Helm test did not pass (" + why + "). The store stays ready; check its "
                    + "storefront and admin page, and the test pod's log: `kubectl logs -n "
                    + StoreNames.namespace(storeId) + " -l app.kubernetes.io/component=test`.";
            stores.addEvent(storeId, operationId, STEP, StoreEvent.Status.FAILED, reason, clock.instant());
            metrics.releaseTested(false);
            LOG.warn("helm test did not pass: {}", why);
        }
    }
}
