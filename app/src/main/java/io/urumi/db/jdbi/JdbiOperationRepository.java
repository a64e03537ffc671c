package io.urumi.db.jdbi;

import static io.urumi.db.Database.instant;
import static io.urumi.db.Database.utc;

import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The operations table: the durable queue, at most one active operation per store (a UNIQUE column). */
public final class JdbiOperationRepository implements OperationRepository {
    private static final String COLUMNS =
            "id, store_id, type, parameter, status, requested_by, attempts, error, created_at, started_at, finished_at";
    private final Jdbi jdbi;
    private final boolean skipLocked;

    public JdbiOperationRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.skipLocked = isPostgres(jdbi);
    }

    private static boolean isPostgres(Jdbi jdbi) {
        try {
            return jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName())
                    .equalsIgnoreCase("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** Inserts a QUEUED operation inside the caller's transaction; fails on the UNIQUE column if one is active. */
    static long insert(Handle h, String storeId, Operation.Type type, String parameter, String requestedBy,
                       Instant now) {
        return h.createUpdate("""
                        INSERT INTO operations (store_id, type, parameter, status, active_store_id, requested_by,
                                                created_at)
                        VALUES (:store, :type, :parameter, 'QUEUED', :store, :by, :now)""")
                .bind("store", storeId).bind("type", type.name()).bind("parameter", parameter)
                .bind("by", requestedBy).bind("now", utc(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public Optional<Operation> claimNext(Instant now) {
        if (skipLocked) {
            return jdbi.inTransaction(h -> h.createQuery("""
                            UPDATE operations SET status = 'RUNNING', attempts = attempts + 1, started_at = :now
                            WHERE id = (SELECT id FROM operations
                                        WHERE status = 'QUEUED' AND (not_before IS NULL OR not_before <= :now)
                                        ORDER BY id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED)
                            RETURNING id""")
                    .bind("now", utc(now)).mapTo(Long.class).findOne().flatMap(id -> find(h, id)));
        }
        return jdbi.inTransaction(h -> {
            List<Long> candidates = h.createQuery(
                            "SELECT id FROM operations WHERE status = 'QUEUED' AND (not_before IS NULL OR not_before <= :now)"
                                    + " ORDER BY id FETCH FIRST 8 ROWS ONLY")
                    .bind("now", utc(now)).mapTo(Long.class).list();
            for (long id : candidates) {
                int claimed = h.createUpdate("""
                                UPDATE operations SET status = 'RUNNING', attempts = attempts + 1, started_at = :now
                                WHERE id = :id AND status = 'QUEUED'""")
                        .bind("id", id).bind("now", utc(now)).execute();
                if (claimed == 1) {
                    return find(h, id);
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void retryLater(long id, String error, Instant notBefore) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE operations SET status = 'QUEUED', error = :error, not_before = :notBefore
                        WHERE id = :id AND status = 'RUNNING'""")
                .bind("id", id).bind("error", error).bind("notBefore", utc(notBefore)).execute());
    }

    @Override
    public void succeed(long id, Instant now) {
        finish(id, Operation.Status.SUCCEEDED, null, now);
    }

    @Override
    public void fail(long id, String error, Instant now) {
        finish(id, Operation.Status.FAILED, error, now);
    }

    private void finish(long id, Operation.Status status, String error, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE operations SET status = :status, error = :error, finished_at = :now, active_store_id = NULL
                        WHERE id = :id""")
                .bind("id", id).bind("status", status.name()).bind("error", error).bind("now", utc(now)).execute());
    }

    @Override
    public int requeueInterrupted() {
        return jdbi.withHandle(h -> h.createUpdate(
                "UPDATE operations SET status = 'QUEUED' WHERE status = 'RUNNING'").execute());
    }

    @Override
    public OperationRepository.QueueStats queueStats() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM operations WHERE status = 'QUEUED'")
                .map((rs, ctx) -> new OperationRepository.QueueStats(rs.getLong("n"), instant(rs, "oldest"))).one());
    }

    @Override
    public Optional<Operation> active(String storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM operations WHERE active_store_id = :s")
                .bind("s", storeId).map(JdbiOperationRepository::map).findOne());
    }

    @Override
    public Optional<Operation> latest(String storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM operations WHERE store_id = :s ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .bind("s", storeId).map(JdbiOperationRepository::map).findOne());
    }

    @Override
    public List<Operation> forStore(String storeId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM operations WHERE store_id = :s ORDER BY id")
                .bind("s", storeId).map(JdbiOperationRepository::map).list());
    }

    @Override
    public Optional<Operation> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    private static Optional<Operation> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM operations WHERE id = :id")
                .bind("id", id).map(JdbiOperationRepository::map).findOne();
    }

    private static Operation map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Operation(rs.getLong("id"), rs.getString("store_id"),
                Operation.Type.valueOf(rs.getString("type")), rs.getString("parameter"),
                Operation.Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"), rs.getInt("attempts"), rs.getString("error"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }
}
