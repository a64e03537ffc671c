package io.urumi.db.jdbi;

import static io.urumi.db.Database.instant;
import static io.urumi.db.Database.truncate;
import static io.urumi.db.Database.utc;

import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The stores table and each store's event timeline; state changes that queue work do so in one transaction. */
public final class JdbiStoreRepository implements StoreRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Jdbi jdbi;

    public JdbiStoreRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long create(Store store, String requestedBy) {
        try {
            return jdbi.inTransaction(h -> {
                h.createUpdate("""
                                INSERT INTO stores (id, engine, state, admin_email, owner, created_at,
                                                    provisioning_started_at, updated_at)
                                VALUES (:id, :engine, :state, :email, :owner, :now, :now, :now)""")
                        .bind("id", store.id()).bind("engine", store.engine().name())
                        .bind("state", StoreState.PROVISIONING.name()).bind("email", store.adminEmail())
                        .bind("owner", store.owner()).bind("now", utc(store.createdAt())).execute();
                long op = JdbiOperationRepository.insert(h, store.id(), Operation.Type.CREATE, null, requestedBy,
                        store.createdAt());
                insertEvent(h, store.id(), op, "requested", StoreEvent.Status.DONE,
                        "Store requested by " + requestedBy, store.createdAt());
                return op;
            });
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw PlatformException.conflict("store_exists", "A store named '" + store.id()
                        + "' already exists (or existed: names of deleted stores are kept for the audit trail). "
                        + "Choose another name.");
            }
            throw e;
        }
    }

    @Override
    public Optional<Long> transitionAndQueue(String id, Set<StoreState> from, StoreState to, Operation.Type type,
                                             String parameter, String requestedBy, String message, Instant now) {
        try {
            return jdbi.inTransaction(h -> {
                int moved = h.createUpdate("UPDATE stores SET state = :to, updated_at = :now"
                                + (to == StoreState.PROVISIONING
                                ? ", provisioning_started_at = :now, failed_step = NULL, failure_reason = NULL" : "")
                                + " WHERE id = :id AND state IN (<from>)")
                        .bind("id", id).bind("to", to.name()).bind("now", utc(now))
                        .bindList("from", from.stream().map(Enum::name).collect(Collectors.toList()))
                        .execute();
                if (moved == 0) {
                    return Optional.<Long>empty();
                }
                long op = JdbiOperationRepository.insert(h, id, type, parameter, requestedBy, now);
                insertEvent(h, id, op, "requested", StoreEvent.Status.DONE, message, now);
                return Optional.of(op);
            });
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw PlatformException.conflict("operation_in_progress",
                        "Another operation is already running on store '" + id + "'. Wait for it to finish.");
            }
            throw e;
        }
    }

    @Override
    public Optional<Store> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores WHERE id = :id")
                .bind("id", id).map(JdbiStoreRepository::map).findOne());
    }

    @Override
    public List<Store> list(boolean includeDeleted) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores"
                        + (includeDeleted ? "" : " WHERE state <> 'DELETED'") + " ORDER BY created_at DESC, id")
                .map(JdbiStoreRepository::map).list());
    }

    @Override
    public List<Store> listOwnedBy(String owner, boolean includeDeleted) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores WHERE owner = :owner"
                        + (includeDeleted ? "" : " AND state <> 'DELETED'") + " ORDER BY created_at DESC, id")
                .bind("owner", owner).map(JdbiStoreRepository::map).list());
    }

    @Override
    public long countLive(String ownerOrNull) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM stores WHERE state <> 'DELETED'"
                        + " AND (:owner IS NULL OR owner = :owner)")
                .bind("owner", ownerOrNull).mapTo(Long.class).one());
    }

    @Override
    public Optional<String> owner(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner FROM stores WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    @Override
    public Optional<String> publishableKey(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT publishable_key FROM stores WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    @Override
    public void setPublishableKey(String id, String key) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE stores SET publishable_key = :key WHERE id = :id")
                .bind("key", key).bind("id", id).execute());
    }

    @Override
    public void markReady(String id, String chartVersion, int revision, Instant now) {
        update(id, "state = 'READY', chart_version = :chart, helm_revision = :rev, ready_at = :now, "
                + "failed_step = NULL, failure_reason = NULL", now, h -> h.bind("chart", chartVersion).bind("rev", revision));
    }

    @Override
    public void markReadyAt(String id, String chartVersion, int revision, Instant now) {
        update(id, "state = 'READY', chart_version = :chart, helm_revision = :rev, failed_step = NULL, "
                + "failure_reason = NULL", now, h -> h.bind("chart", chartVersion).bind("rev", revision));
    }

    @Override
    public void markFailed(String id, String step, String reason, Instant now) {
        update(id, "state = 'FAILED', failed_step = :step, failure_reason = :reason", now,
                h -> h.bind("step", step).bind("reason", truncate(reason, 2000)));
    }

    @Override
    public void requestDeletion(String id, Instant now) {
        update(id, "delete_requested_at = COALESCE(delete_requested_at, :now)", now, h -> h);
    }

    @Override
    public boolean deletionRequested(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT delete_requested_at IS NOT NULL FROM stores WHERE id = :id")
                .bind("id", id).mapTo(Boolean.class).findOne().orElse(false));
    }

    @Override
    public boolean failIfIdle(String id, StoreState from, String step, String reason, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE stores SET state = 'FAILED', failed_step = :step, failure_reason = :reason,
                               updated_at = :now
                        WHERE id = :id AND state = :from
                          AND NOT EXISTS (SELECT 1 FROM operations WHERE active_store_id = :id)""")
                .bind("id", id).bind("from", from.name()).bind("step", step).bind("reason", truncate(reason, 2000))
                .bind("now", utc(now)).execute()) == 1;
    }

    @Override
    public void markDeleted(String id, Instant now) {
        update(id, "state = 'DELETED', deleted_at = :now", now, h -> h);
    }

    private void update(String id, String assignments, Instant now,
                        java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Update> binder) {
        jdbi.useHandle(h -> binder.apply(h.createUpdate(
                        "UPDATE stores SET " + assignments + ", updated_at = :now WHERE id = :id")
                .bind("id", id).bind("now", utc(now))).execute());
    }

    @Override
    public void addEvent(String storeId, Long operationId, String step, StoreEvent.Status status, String message,
                         Instant now) {
        jdbi.useHandle(h -> insertEvent(h, storeId, operationId, step, status, message, now));
    }

    @Override
    public List<StoreEvent> events(String storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE store_id = :s ORDER BY id")
                .bind("s", storeId).map(JdbiStoreRepository::mapEvent).list());
    }

    /** The newest events across every store, newest first. */
    @Override
    public Map<String, Engine> engines(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT id, engine FROM stores WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .reduceRows(new LinkedHashMap<String, Engine>(), (map, row) -> {
                    map.put(row.getColumn("id", String.class), Engine.valueOf(row.getColumn("engine", String.class)));
                    return map;
                }));
    }

    @Override
    public List<StoreEvent> recentEvents(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events ORDER BY id DESC LIMIT :n")
                .bind("n", limit).map(JdbiStoreRepository::mapEvent).list());
    }

    @Override
    public Map<StoreState, Long> countByState() {
        Map<StoreState, Long> counts = new EnumMap<>(StoreState.class);
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) AS n FROM stores GROUP BY state")
                .map((rs, ctx) -> Map.entry(StoreState.valueOf(rs.getString("state")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    @Override
    public List<Duration> provisioningTimes(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT provisioning_started_at, ready_at FROM stores
                        WHERE ready_at >= :since AND provisioning_started_at IS NOT NULL""")
                .bind("since", utc(since))
                .map((rs, ctx) -> Duration.between(instant(rs, "provisioning_started_at"), instant(rs, "ready_at")))
                .list());
    }

    @Override
    public Map<String, Long> failuresByStep(Instant since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT step, COUNT(*) AS n FROM events WHERE status = 'FAILED' AND created_at >= :since
                        GROUP BY step ORDER BY n DESC, step""")
                .bind("since", utc(since))
                .map((rs, ctx) -> Map.entry(rs.getString("step"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    @Override
    public List<StoreEvent> recentEventsOwnedBy(String owner, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT e.* FROM events e JOIN stores s ON s.id = e.store_id "
                        + "WHERE s.owner = :owner ORDER BY e.id DESC LIMIT :n")
                .bind("owner", owner).bind("n", limit).map(JdbiStoreRepository::mapEvent).list());
    }

    private static StoreEvent mapEvent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoreEvent(rs.getLong("id"), rs.getString("store_id"),
                (Long) rs.getObject("operation_id", Long.class), rs.getString("step"),
                StoreEvent.Status.valueOf(rs.getString("status")), rs.getString("message"),
                instant(rs, "created_at"));
    }

    private static void insertEvent(Handle h, String storeId, Long operationId, String step,
                                    StoreEvent.Status status, String message, Instant now) {
        h.createUpdate("""
                        INSERT INTO events (store_id, operation_id, step, status, message, created_at)
                        VALUES (:s, :op, :step, :status, :msg, :now)""")
                .bind("s", storeId).bind("op", operationId).bind("step", step).bind("status", status.name())
                .bind("msg", truncate(message, 2000)).bind("now", utc(now)).execute();
    }

    private static Store map(ResultSet rs, StatementContext ctx) throws SQLException {
        Integer revision = rs.getObject("helm_revision", Integer.class);
        return new Store(rs.getString("id"), Engine.valueOf(rs.getString("engine")),
                StoreState.valueOf(rs.getString("state")), rs.getString("admin_email"), rs.getString("owner"),
                rs.getString("chart_version"), revision,
                rs.getString("failed_step"), rs.getString("failure_reason"),
                instant(rs, "created_at"), instant(rs, "provisioning_started_at"), instant(rs, "ready_at"),
                instant(rs, "deleted_at"), instant(rs, "updated_at"));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
