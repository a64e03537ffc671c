package io.urumi.auth;

import io.urumi.db.Database;
import io.urumi.error.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer tokens for the API. A token is {@code urumi_} plus 256 random bits; the database keeps its SHA-256 and its
 * first characters (to tell tokens apart on the account page), so a copy of the database opens nothing.
 */
public final class ApiTokens {
    public static final String PREFIX = "urumi_";
    private static final int MAX_ACTIVE_PER_USER = 20;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private final Jdbi jdbi;
    private final Clock clock;

    public ApiTokens(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A new token and its raw value, which the caller shows once and forgets. */
    public record Issued(ApiToken token, String value) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    public Issued issue(String user, String name, Duration lifetime) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 64 || label.chars().anyMatch(Character::isISOControl)) {
            throw PlatformException.invalid("name", "Give the token a name of 1 to 64 characters (no control "
                    + "characters), so you can tell it apart later.");
        }
        Instant now = clock.instant();
        if (list(user).stream().filter(t -> t.active(now)).count() >= MAX_ACTIVE_PER_USER) {
            throw PlatformException.conflict("too_many_tokens", "You already have " + MAX_ACTIVE_PER_USER
                    + " active tokens; revoke one you no longer use first.");
        }
        String value = PREFIX + Secrets.random();
        Instant expires = lifetime == null ? null : now.plus(lifetime);
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO api_tokens (user_name, name, token_hash, prefix, created_at, expires_at)
                        VALUES (:user, :name, :hash, :prefix, :now, :expires)""")
                .bind("user", user).bind("name", label).bind("hash", Secrets.digest(value))
                .bind("prefix", value.substring(0, PREFIX.length() + 4)).bind("now", Database.utc(now))
                .bind("expires", Database.utc(expires))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Issued(new ApiToken(id, user, label, value.substring(0, PREFIX.length() + 4), now, expires, null,
                null), value);
    }

    /** The person a live token belongs to, with their current role. */
    public Optional<Principal> authenticate(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.length() != PREFIX.length() + 43) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = Secrets.digest(value);
        Optional<Found> found = jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.user_name, u.role, t.expires_at, t.last_used_at FROM api_tokens t
                        JOIN users u ON u.name = t.user_name
                        WHERE t.token_hash = :hash AND t.revoked_at IS NULL""")
                .bind("hash", hash)
                .map((rs, ctx) -> new Found(rs.getLong("id"),
                        new Principal(rs.getString("user_name"), Role.valueOf(rs.getString("role"))),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class))))
                .findOne());
        if (found.isEmpty() || (found.get().expiresAt() != null && !found.get().expiresAt().isAfter(now))) {
            return Optional.empty();
        }
        if (found.get().lastUsedAt() == null || found.get().lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("id", found.get().id()).bind("now", Database.utc(now)).execute());
        }
        return Optional.of(found.get().principal());
    }

    public List<ApiToken> list(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE user_name = :user ORDER BY id DESC")
                .bind("user", user)
                .map((rs, ctx) -> new ApiToken(rs.getLong("id"), rs.getString("user_name"), rs.getString("name"),
                        rs.getString("prefix"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list());
    }

    /** As {@link #revoke(String, long)}, with the id as it came in a path: anything but a number is not found. */
    public ApiToken revoke(String user, String idText) {
        try {
            return revoke(user, Long.parseLong(idText));
        } catch (NumberFormatException e) {
            throw PlatformException.notFound("You have no token with id " + idText + ".");
        }
    }

    /** Revokes one of the user's own tokens; another user's token id is "not found", as if it did not exist. */
    public ApiToken revoke(String user, long id) {
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE api_tokens SET revoked_at = :now
                        WHERE id = :id AND user_name = :user AND revoked_at IS NULL""")
                .bind("id", id).bind("user", user).bind("now", Database.utc(clock.instant())).execute());
        ApiToken token = list(user).stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> PlatformException.notFound("You have no token with id " + id + "."));
        if (changed == 0 && token.revokedAt() == null) {
            throw PlatformException.notFound("You have no token with id " + id + ".");
        }
        return token;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private record Found(long id, Principal principal, Instant expiresAt, Instant lastUsedAt) {
    }
}
