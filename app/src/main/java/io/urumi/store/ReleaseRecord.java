package io.urumi.store;

import java.time.Instant;

/** One Helm revision of a store's release, as the platform recorded it (including who asked for it). */
public record ReleaseRecord(String storeId, int revision, String releaseName, String chartVersion,
                            String appVersion, String status, String description, String requestedBy,
                            Instant createdAt) {
}
