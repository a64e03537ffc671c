package io.urumi.auth;

import java.time.Instant;

/** What a user sees of one of their API tokens: never the token itself, which is shown once at creation. */
public record ApiToken(long id, String user, String name, String prefix, Instant createdAt, Instant expiresAt,
                       Instant lastUsedAt, Instant revokedAt) {
    public boolean active(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
