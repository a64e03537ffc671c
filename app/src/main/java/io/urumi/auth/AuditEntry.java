package io.urumi.auth;

import java.time.Instant;

/** One line of the audit log: who did what to which store, from where, and how it went. Never a secret. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String clientIp,
                         String outcome, int status, String requestId, String detail) {
}
