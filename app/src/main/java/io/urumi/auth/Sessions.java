package io.urumi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions with an idle and an absolute timeout. A new id is issued at every sign-in (the old one, if
 * any, is ended), so a session id planted before sign-in is worthless after it.
 */
public final class Sessions {
    /** last_seen_at is written at most this often, so reading pages does not mean a disk write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private final SessionRepository repository;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Clock clock;

    public Sessions(org.jdbi.v3.core.Jdbi jdbi, Duration idleTimeout, Duration absoluteTimeout, Clock clock) {
        this.repository = new SessionRepository(jdbi);
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
    }

    public Session start(Principal principal) {
        String id = Secrets.random();
        String csrf = Secrets.random();
        Instant now = clock.instant();
        repository.create(Secrets.digest(id), principal.name(), csrf, now);
        return new Session(id, principal, csrf, now, now);
    }

    /** The live session behind this cookie value; an expired one is ended on sight. */
    public Optional<Session> resume(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        String idHash = Secrets.digest(id);
        Optional<SessionRepository.Row> row = repository.find(idHash);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        SessionRepository.Row r = row.get();
        if (r.lastSeenAt().plus(idleTimeout).isBefore(now) || r.createdAt().plus(absoluteTimeout).isBefore(now)) {
            repository.delete(idHash);
            return Optional.empty();
        }
        if (r.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
            repository.touch(idHash, now);
        }
        return Optional.of(new Session(id, r.principal(), r.csrfToken(), r.createdAt(), now));
    }

    public void end(String id) {
        if (id != null) {
            repository.delete(Secrets.digest(id));
        }
    }

    /** After a password change every other browser of that user must sign in again. */
    public void endOthers(String user, String keepId) {
        repository.deleteOthers(user, keepId == null ? "" : Secrets.digest(keepId));
    }

    public int purgeExpired() {
        Instant now = clock.instant();
        return repository.deleteExpired(now.minus(idleTimeout), now.minus(absoluteTimeout));
    }

    public Duration absoluteTimeout() {
        return absoluteTimeout;
    }
}
