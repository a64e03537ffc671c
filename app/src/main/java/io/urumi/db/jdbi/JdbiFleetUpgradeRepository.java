package io.urumi.db.jdbi;

import static io.urumi.db.Database.instant;
import static io.urumi.db.Database.truncate;
import static io.urumi.db.Database.utc;

import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetUpgrade;
import io.urumi.fleet.FleetUpgradeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The fleet_upgrades and fleet_upgrade_stores tables: each fleet upgrade's plan and progress. */
public final class JdbiFleetUpgradeRepository implements FleetUpgradeRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Jdbi jdbi;

    public JdbiFleetUpgradeRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long create(String fromVersion, String toVersion, String requestedBy, List<List<String>> waves,
                       Instant now) {
        try {
            return jdbi.inTransaction(h -> {
                long id = h.createUpdate("""
                                INSERT INTO fleet_upgrades (from_version, to_version, state, running_slot, requested_by,
                                                            created_at, updated_at)
                                VALUES (:from, :to, 'RUNNING', 'RUNNING', :by, :now, :now)""")
                        .bind("from", fromVersion).bind("to", toVersion).bind("by", requestedBy).bind("now", utc(now))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                int position = 0;
                for (int wave = 0; wave < waves.size(); wave++) {
                    for (String store : waves.get(wave)) {
                        h.createUpdate("""
                                        INSERT INTO fleet_upgrade_stores (fleet_upgrade_id, store_id, wave, position,
                                                                          status, updated_at)
                                        VALUES (:id, :store, :wave, :position, 'PENDING', :now)""")
                                .bind("id", id).bind("store", store).bind("wave", wave + 1)
                                .bind("position", position++).bind("now", utc(now)).execute();
                    }
                }
                return id;
            });
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw PlatformException.conflict("fleet_upgrade_running",
                        "Another fleet upgrade is already running; wait for it to finish.");
            }
            throw e;
        }
    }

    @Override
    public Optional<FleetUpgrade> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM fleet_upgrades WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(h, rs)).findOne());
    }

    @Override
    public List<FleetUpgrade> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM fleet_upgrades ORDER BY id DESC")
                .map((rs, ctx) -> map(h, rs)).list());
    }

    @Override
    public Optional<FleetUpgrade> running() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM fleet_upgrades WHERE state = 'RUNNING'")
                .map((rs, ctx) -> map(h, rs)).findFirst());
    }

    @Override
    public List<Long> unsettled() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM fleet_upgrades WHERE state = 'RUNNING'
                        UNION
                        SELECT fleet_upgrade_id FROM fleet_upgrade_stores WHERE status = 'UPGRADING'
                        ORDER BY 1""")
                .mapTo(Long.class).list());
    }

    @Override
    public void updateMember(long fleetId, String storeId, FleetUpgrade.Status status, Long operationId, String error,
                             Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE fleet_upgrade_stores
                        SET status = :status, operation_id = COALESCE(:op, operation_id), error = :error,
                            updated_at = :now
                        WHERE fleet_upgrade_id = :id AND store_id = :store AND status IN ('PENDING', 'UPGRADING')""")
                .bind("id", fleetId).bind("store", storeId).bind("status", status.name()).bind("op", operationId)
                .bind("error", truncate(error, 2000)).bind("now", utc(now)).execute());
    }

    @Override
    public boolean halt(long id, String storeId, String reason, Instant now) {
        return jdbi.inTransaction(h -> {
            int halted = h.createUpdate("""
                            UPDATE fleet_upgrades SET state = 'HALTED', running_slot = NULL, halted_store = :store,
                                   halt_reason = :reason, finished_at = :now, updated_at = :now
                            WHERE id = :id AND state = 'RUNNING'""")
                    .bind("id", id).bind("store", storeId).bind("reason", truncate(reason, 2000))
                    .bind("now", utc(now)).execute();
            if (halted == 1) {
                h.createUpdate("""
                                UPDATE fleet_upgrade_stores SET status = 'NOT_STARTED', updated_at = :now,
                                       error = 'The fleet upgrade halted before this store''s wave started.'
                                WHERE fleet_upgrade_id = :id AND status = 'PENDING'""")
                        .bind("id", id).bind("now", utc(now)).execute();
            }
            return halted == 1;
        });
    }

    @Override
    public boolean succeed(long id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE fleet_upgrades SET state = 'SUCCEEDED', running_slot = NULL, finished_at = :now,
                               updated_at = :now
                        WHERE id = :id AND state = 'RUNNING'""")
                .bind("id", id).bind("now", utc(now)).execute()) == 1;
    }

    private static FleetUpgrade map(Handle h, ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        List<FleetUpgrade.Member> members = h.createQuery(
                        "SELECT * FROM fleet_upgrade_stores WHERE fleet_upgrade_id = :id ORDER BY wave, position")
                .bind("id", id).map(JdbiFleetUpgradeRepository::mapMember).list();
        return new FleetUpgrade(id, rs.getString("from_version"), rs.getString("to_version"),
                FleetUpgrade.State.valueOf(rs.getString("state")), rs.getString("requested_by"),
                rs.getString("halted_store"), rs.getString("halt_reason"), instant(rs, "created_at"),
                instant(rs, "finished_at"), instant(rs, "updated_at"), members);
    }

    private static FleetUpgrade.Member mapMember(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FleetUpgrade.Member(rs.getString("store_id"), rs.getInt("wave"), rs.getInt("position"),
                FleetUpgrade.Status.valueOf(rs.getString("status")), rs.getObject("operation_id", Long.class),
                rs.getString("error"), instant(rs, "updated_at"));
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
