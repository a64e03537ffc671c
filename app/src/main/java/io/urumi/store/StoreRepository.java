package io.urumi.store;

import static io.urumi.db.Database.utc;
import static io.urumi.store.OperationRepository.instant;

import io.urumi.error.PlatformException;
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
public final class StoreRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Jdbi jdbi;

    public StoreRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a new store in PROVISIONING with its CREATE operation; a taken name is a conflict. */
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
                long op = OperationRepository.insert(h, store.id(), Operation.Type.CREATE, null, requestedBy,
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

    /**
     * Moves a store from one of {@code from} to {@code to} and queues an operation, atomically.
     * Returns empty when the store was not in an allowed state (someone else got there first).
     */
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
                long op = OperationRepository.insert(h, id, type, parameter, requestedBy, now);
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

    public Optional<Store> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores WHERE id = :id")
                .bind("id", id).map(StoreRepository::map).findOne());
    }

    public List<Store> list(boolean includeDeleted) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores"
                        + (includeDeleted ? "" : " WHERE state <> 'DELETED'") + " ORDER BY created_at DESC, id")
                .map(StoreRepository::map).list());
    }

    /** The stores one owner holds. */
    public List<Store> listOwnedBy(String owner, boolean includeDeleted) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stores WHERE owner = :owner"
                        + (includeDeleted ? "" : " AND state <> 'DELETED'") + " ORDER BY created_at DESC, id")
                .bind("owner", owner).map(StoreRepository::map).list());
    }

    /** Live (not deleted) stores, in all (null) or of one owner. */
    public long countLive(String ownerOrNull) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM stores WHERE state <> 'DELETED'"
                        + " AND (:owner IS NULL OR owner = :owner)")
                .bind("owner", ownerOrNull).mapTo(Long.class).one());
    }

    public Optional<String> owner(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner FROM stores WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** The store's publishable API key (not a secret; see V8), if its setup has told it. */
    public Optional<String> publishableKey(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT publishable_key FROM stores WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public void setPublishableKey(String id, String key) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE stores SET publishable_key = :key WHERE id = :id")
                .bind("key", key).bind("id", id).execute());
    }

    public void markReady(String id, String chartVersion, int revision, Instant now) {
        update(id, "state = 'READY', chart_version = :chart, helm_revision = :rev, ready_at = :now, "
                + "failed_step = NULL, failure_reason = NULL", now, h -> h.bind("chart", chartVersion).bind("rev", revision));
    }

    /** Back to READY after an upgrade or rollback, at the given chart version and revision. */
    public void markReadyAt(String id, String chartVersion, int revision, Instant now) {
        update(id, "state = 'READY', chart_version = :chart, helm_revision = :rev, failed_step = NULL, "
                + "failure_reason = NULL", now, h -> h.bind("chart", chartVersion).bind("rev", revision));
    }

    public void markFailed(String id, String step, String reason, Instant now) {
        update(id, "state = 'FAILED', failed_step = :step, failure_reason = :reason", now,
                h -> h.bind("step", step).bind("reason", truncate(reason, 2000)));
    }

    /** Records that the user wants the store gone; the running operation stops at its next step. */
    public void requestDeletion(String id, Instant now) {
        update(id, "delete_requested_at = COALESCE(delete_requested_at, :now)", now, h -> h);
    }

    public boolean deletionRequested(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT delete_requested_at IS NOT NULL FROM stores WHERE id = :id")
                .bind("id", id).mapTo(Boolean.class).findOne().orElse(false));
    }

    /**
     * Marks a store FAILED only if it is in {@code from} and no operation is active on it: the reconciler must not
     * judge a store that a worker is changing. Returns whether it did.
     */
    public boolean failIfIdle(String id, StoreState from, String step, String reason, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE stores SET state = 'FAILED', failed_step = :step, failure_reason = :reason,
                               updated_at = :now
                        WHERE id = :id AND state = :from
                          AND NOT EXISTS (SELECT 1 FROM operations WHERE active_store_id = :id)""")
                .bind("id", id).bind("from", from.name()).bind("step", step).bind("reason", truncate(reason, 2000))
                .bind("now", utc(now)).execute()) == 1;
    }

    public void markDeleted(String id, Instant now) {
        update(id, "state = 'DELETED', deleted_at = :now", now, h -> h);
    }

    private void update(String id, String assignments, Instant now,
                        java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Update> binder) {
        jdbi.useHandle(h -> binder.apply(h.createUpdate(
                        "UPDATE stores SET " + assignments + ", updated_at = :now WHERE id = :id")
                .bind("id", id).bind("now", utc(now))).execute());
    }

    public void addEvent(String storeId, Long operationId, String step, StoreEvent.Status status, String message,
                         Instant now) {
        jdbi.useHandle(h -> insertEvent(h, storeId, operationId, step, status, message, now));
    }

    public List<StoreEvent> events(String storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE store_id = :s ORDER BY id")
                .bind("s", storeId).map(StoreRepository::mapEvent).list());
    }

    /** The newest events across every store, newest first. */
    /** The engine of each of these stores that exists. */
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

    public List<StoreEvent> recentEvents(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events ORDER BY id DESC LIMIT :n")
                .bind("n", limit).map(StoreRepository::mapEvent).list());
    }

    /** How many stores are in each state; states without a store are absent. Deleted tombstones count as DELETED. */
    public Map<StoreState, Long> countByState() {
        Map<StoreState, Long> counts = new EnumMap<>(StoreState.class);
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) AS n FROM stores GROUP BY state")
                .map((rs, ctx) -> Map.entry(StoreState.valueOf(rs.getString("state")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** How long provisioning took for each store that became READY at or after {@code since}. */
    public List<Duration> provisioningTimes(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT provisioning_started_at, ready_at FROM stores
                        WHERE ready_at >= :since AND provisioning_started_at IS NOT NULL""")
                .bind("since", utc(since))
                .map((rs, ctx) -> Duration.between(instant(rs, "provisioning_started_at"), instant(rs, "ready_at")))
                .list());
    }

    /** How many steps failed at or after {@code since}, by step, most frequent first. */
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

    /** The newest events of one owner's stores, newest first. */
    public List<StoreEvent> recentEventsOwnedBy(String owner, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT e.* FROM events e JOIN stores s ON s.id = e.store_id "
                        + "WHERE s.owner = :owner ORDER BY e.id DESC LIMIT :n")
                .bind("owner", owner).bind("n", limit).map(StoreRepository::mapEvent).list());
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

    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
