package io.urumi.auth;

import io.urumi.db.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The sessions table; it holds digests of session ids, never the ids. */
final class SessionRepository {
    private final Jdbi jdbi;

    SessionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(String idHash, String user, String csrfToken, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id_hash, user_name, csrf_token, created_at, last_seen_at)
                        VALUES (:id, :user, :csrf, :now, :now)""")
                .bind("id", idHash).bind("user", user).bind("csrf", csrfToken).bind("now", Database.utc(now))
                .execute());
    }

    /** The session with its user's current role (a role change applies at once). */
    Optional<Row> find(String idHash) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.user_name, u.role, s.csrf_token, s.created_at, s.last_seen_at
                        FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = :id""")
                .bind("id", idHash)
                .map((rs, ctx) -> new Row(new Principal(rs.getString("user_name"), Role.valueOf(rs.getString("role"))),
                        rs.getString("csrf_token"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_seen_at", OffsetDateTime.class).toInstant()))
                .findOne());
    }

    void touch(String idHash, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id_hash = :id")
                .bind("id", idHash).bind("now", Database.utc(now)).execute());
    }

    void delete(String idHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", idHash).execute());
    }

    void deleteOthers(String user, String keepIdHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_name = :user AND id_hash <> :keep")
                .bind("user", user).bind("keep", keepIdHash).execute());
    }

    /** Drops sessions past either timeout. */
    int deleteExpired(Instant idleBefore, Instant createdBefore) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM sessions WHERE last_seen_at < :idle OR created_at < :created")
                .bind("idle", Database.utc(idleBefore)).bind("created", Database.utc(createdBefore)).execute());
    }

    record Row(Principal principal, String csrfToken, Instant createdAt, Instant lastSeenAt) {
    }
}
