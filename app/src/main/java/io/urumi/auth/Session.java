package io.urumi.auth;

import java.time.Instant;

/** A signed-in browser: who it is and the form token bound to it. {@code id} is the raw cookie value. */
public record Session(String id, Principal principal, String csrfToken, Instant createdAt, Instant lastSeenAt) {
    @Override
    public String toString() {
        return "Session[" + principal.name() + ", since " + createdAt + "]";
    }
}
