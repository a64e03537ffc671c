package io.urumi.web;

import io.urumi.drift.Drift;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import io.urumi.web.drift.DriftView;
import java.time.Duration;
import java.time.Instant;

/** A store as the API shows it: everything a user needs, nothing secret. */
public record StoreView(String id, String engine, String state, String url, String adminEmail, String owner,
                        String chartVersion, Integer helmRevision, Instant createdAt, Instant readyAt,
                        Instant deletedAt, Double provisioningSeconds, Failure failure, OperationView lastOperation,
                        ReleaseTest releaseTest, DriftView.Summary drift, String publishableKey) {

    /** Where and why the store failed, and what to do. */
    public record Failure(String step, String reason) {
    }

    /** How the latest Helm test of the release ended: PASSED or FAILED, with Helm's reason. */
    public record ReleaseTest(String outcome, String message, Instant at) {
        static ReleaseTest of(StoreEvent e) {
            return new ReleaseTest(e.status() == StoreEvent.Status.DONE ? "PASSED" : "FAILED", e.message(), e.at());
        }
    }

    public static StoreView of(Store s, String baseDomain) {
        return of(s, baseDomain, null, null, null, null);
    }

    /**
     * With the store's last operation, which tells e.g. that an upgrade failed and was rolled back, its latest Helm
     * test, its latest drift check and (Medusa) the publishable API key its storefronts send: meant for browsers,
     * not a secret, and a storefront cannot work without it.
     */
    public static StoreView of(Store s, String baseDomain, OperationView lastOperation, StoreEvent releaseTest,
                               Drift drift, String publishableKey) {
        Duration took = s.provisioningDuration();
        return new StoreView(s.id(), s.engine().value(), s.state().name(),
                "http://" + StoreNames.host(s.id(), baseDomain), s.adminEmail(), s.owner(), s.chartVersion(),
                s.helmRevision(), s.createdAt(), s.readyAt(), s.deletedAt(),
                took == null ? null : took.toMillis() / 1000.0,
                s.failedStep() == null ? null : new Failure(s.failedStep(), s.failureReason()), lastOperation,
                releaseTest == null ? null : ReleaseTest.of(releaseTest),
                DriftView.Summary.of(drift, s.helmRevision()), publishableKey);
    }
}
