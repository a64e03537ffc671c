package io.urumi.auth;

import io.urumi.db.Database;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The audit_log table: written for every store action, reveal, sign-in and refusal; read by admins. */
public final class AuditLog {
    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String clientIp, String outcome, int status,
                       String requestId, String detail) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (at, actor, action, target, client_ip, outcome, status, request_id, detail)
                        VALUES (:at, :actor, :action, :target, :ip, :outcome, :status, :rid, :detail)""")
                .bind("at", Database.utc(clock.instant())).bind("actor", clip(actor, 64)).bind("action", action)
                .bind("target", clip(target, 128)).bind("ip", clip(clientIp, 64)).bind("outcome", outcome)
                .bind("status", status).bind("rid", clip(requestId, 64)).bind("detail", clip(detail, 500))
                .execute());
    }

    /** Newest first; {@code beforeId} pages backwards; actor and target filter when not null. */
    public List<AuditEntry> recent(String actor, String target, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        if (actor != null) {
            sql.append(" AND actor = :actor");
        }
        if (target != null) {
            sql.append(" AND target = :target");
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("limit", limit);
            if (actor != null) {
                q.bind("actor", actor);
            }
            if (target != null) {
                q.bind("target", target);
            }
            if (beforeId != null) {
                q.bind("before", beforeId);
            }
            return q.map((rs, ctx) -> new AuditEntry(rs.getLong("id"),
                    rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                    rs.getString("action"), rs.getString("target"), rs.getString("client_ip"),
                    rs.getString("outcome"), rs.getInt("status"), rs.getString("request_id"),
                    rs.getString("detail"))).list();
        });
    }

    /** Control characters never reach the log (no forged lines in exports); over-long input is cut. */
    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
