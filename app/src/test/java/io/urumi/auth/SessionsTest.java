package io.urumi.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and tokens on the real database with a clock the test moves: timeouts, rotation, revocation. */
class SessionsTest {
    @TempDir
    Path dir;
    private Database db;
    private MovableClock clock;
    private Sessions sessions;
    private Accounts accounts;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
        clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
        accounts = new Accounts(db.jdbi(), clock);
        accounts.bootstrap(Optional.of("first-admin-password"));
        sessions = new Sessions(db.jdbi(), Duration.ofMinutes(30), Duration.ofHours(12), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesButNotWhileItIsUsed() {
        Session s = sessions.start(new Principal("admin", Role.ADMIN));
        clock.advance(Duration.ofMinutes(25));
        assertTrue(sessions.resume(s.id()).isPresent());
        clock.advance(Duration.ofMinutes(25));
        assertTrue(sessions.resume(s.id()).isPresent(), "used 25 minutes ago: still alive");
        clock.advance(Duration.ofMinutes(31));
        assertFalse(sessions.resume(s.id()).isPresent(), "31 idle minutes");
    }

    @Test
    void aSessionEndsAfterTwelveHoursHoweverBusy() {
        Session s = sessions.start(new Principal("admin", Role.ADMIN));
        for (int i = 0; i < 12 * 4; i++) {
            clock.advance(Duration.ofMinutes(15));
            if (i < 47) {
                assertTrue(sessions.resume(s.id()).isPresent(), "after " + (i + 1) * 15 + " minutes");
            }
        }
        clock.advance(Duration.ofMinutes(1));
        assertFalse(sessions.resume(s.id()).isPresent());
    }

    @Test
    void theDatabaseHoldsNeitherSessionIdsNorTokensNorPasswords() {
        Session s = sessions.start(new Principal("admin", Role.ADMIN));
        ApiTokens tokens = new ApiTokens(db.jdbi(), clock);
        ApiTokens.Issued t = tokens.issue("admin", "ci", null);
        String dump = db.jdbi().withHandle(h -> String.join("\n", h.createQuery("SCRIPT").mapTo(String.class).list()));
        assertTrue(dump.contains("INSERT INTO \"PUBLIC\".\"SESSIONS\""), "the dump has the sessions table's rows");
        assertFalse(dump.contains(s.id()));
        assertFalse(dump.contains(t.value()));
        assertFalse(dump.contains("first-admin-password"));
        assertTrue(tokens.authenticate(t.value()).isPresent());
        assertNotEquals(s.id(), sessions.start(new Principal("admin", Role.ADMIN)).id());
    }

    @Test
    void aLoginTokenExpiresAndAPasswordChangeEndsOtherSessions() {
        ApiTokens tokens = new ApiTokens(db.jdbi(), clock);
        ApiTokens.Issued t = tokens.issue("admin", "api login", Duration.ofHours(12));
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertEquals(Optional.empty(), tokens.authenticate(t.value()));

        Session here = sessions.start(new Principal("admin", Role.ADMIN));
        Session there = sessions.start(new Principal("admin", Role.ADMIN));
        accounts.changePassword("admin", "first-admin-password", "second-admin-password");
        sessions.endOthers("admin", here.id());
        assertTrue(sessions.resume(here.id()).isPresent());
        assertFalse(sessions.resume(there.id()).isPresent());
        assertTrue(accounts.verify("admin", "second-admin-password").isPresent());
        assertFalse(accounts.verify("admin", "first-admin-password").isPresent());
    }

    @Test
    void theFirstAdminIsCreatedOnceAndAGeneratedPasswordIsReturnedOnlyWhenNoneWasConfigured() {
        assertEquals(Optional.empty(), accounts.bootstrap(Optional.empty()), "users exist: nothing happens");
        Database other = Database.open("jdbc:h2:file:" + dir.resolve("other"));
        try {
            Optional<String> generated = new Accounts(other.jdbi(), clock).bootstrap(Optional.empty());
            assertTrue(generated.isPresent());
            assertTrue(generated.get().length() >= Passwords.MIN_LENGTH);
            assertTrue(new Accounts(other.jdbi(), clock).verify("admin", generated.get()).isPresent());
        } finally {
            other.close();
        }
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
