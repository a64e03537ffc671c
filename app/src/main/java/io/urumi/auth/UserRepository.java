package io.urumi.auth;

import io.urumi.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The users table. */
final class UserRepository {
    private final Jdbi jdbi;

    UserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** False when the name is taken. */
    boolean create(String name, Role role, String passwordHash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO users (name, role, password_hash, created_at, updated_at)
                        SELECT :name, :role, :hash, :now, :now FROM (VALUES (1)) v
                        WHERE NOT EXISTS (SELECT 1 FROM users WHERE name = :name)""")
                .bind("name", name).bind("role", role.name()).bind("hash", passwordHash)
                .bind("now", Database.utc(now)).execute()) == 1;
    }

    boolean empty() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one()) == 0;
    }

    Optional<String> passwordHash(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    Optional<User> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, role, created_at FROM users WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> user(rs)).findOne());
    }

    List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, role, created_at FROM users ORDER BY name")
                .map((rs, ctx) -> user(rs)).list());
    }

    void updatePassword(String name, String passwordHash, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :now WHERE name = :name")
                .bind("name", name).bind("hash", passwordHash).bind("now", Database.utc(now)).execute());
    }

    private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getString("name"), Role.valueOf(rs.getString("role")),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
    }
}
