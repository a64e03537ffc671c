package io.urumi.store;

import java.time.Duration;
import java.time.Instant;

/** One store as the platform records it; never holds credentials. */
public record Store(
        String id,
        Engine engine,
        StoreState state,
        String adminEmail,
        String owner,
        String chartVersion,
        Integer helmRevision,
        String failedStep,
        String failureReason,
        Instant createdAt,
        Instant provisioningStartedAt,
        Instant readyAt,
        Instant deletedAt,
        Instant updatedAt) {

    /** How long the last provisioning took, once the store reached READY. */
    public Duration provisioningDuration() {
        if (readyAt == null || provisioningStartedAt == null) {
            return null;
        }
        return Duration.between(provisioningStartedAt, readyAt);
    }
}
