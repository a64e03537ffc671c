package io.urumi.db.jdbi;

import static io.urumi.db.Database.instant;
import static io.urumi.db.Database.truncate;
import static io.urumi.db.Database.utc;

import io.urumi.drift.Drift;
import io.urumi.drift.DriftRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The latest drift check of each store and its first differences (tables drift_checks, drift_differences). */
public final class JdbiDriftRepository implements DriftRepository {
    private final Jdbi jdbi;

    public JdbiDriftRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(String storeId, Drift drift) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM drift_differences WHERE store_id = :id").bind("id", storeId).execute();
            h.createUpdate("DELETE FROM drift_checks WHERE store_id = :id").bind("id", storeId).execute();
            h.createUpdate("""
                            INSERT INTO drift_checks (store_id, revision, differences, checked_at)
                            VALUES (:id, :revision, :total, :at)""")
                    .bind("id", storeId).bind("revision", drift.revision()).bind("total", drift.total())
                    .bind("at", utc(drift.checkedAt())).execute();
            List<Drift.Difference> kept = drift.differences().subList(0, Math.min(Drift.KEPT,
                    drift.differences().size()));
            for (int i = 0; i < kept.size(); i++) {
                Drift.Difference d = kept.get(i);
                h.createUpdate("""
                                INSERT INTO drift_differences (store_id, position, object_kind, object_name,
                                                               change_kind, field_path, in_manifest, in_cluster)
                                VALUES (:id, :pos, :kind, :name, :change, :path, :manifest, :live)""")
                        .bind("id", storeId).bind("pos", i).bind("kind", truncate(d.kind(), 63))
                        .bind("name", truncate(d.name(), 253)).bind("change", d.change().name())
                        .bind("path", truncate(d.path(), 500))
                        .bind("manifest", truncate(d.manifest(), 500))
                        .bind("live", truncate(d.live(), 500)).execute();
            }
        });
    }

    @Override
    public Optional<Drift> find(String storeId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT revision, differences, checked_at FROM drift_checks WHERE store_id = :id")
                .bind("id", storeId)
                .map((rs, ctx) -> new Drift(rs.getInt("revision"), instant(rs, "checked_at"), rs.getInt("differences"),
                        h.createQuery("""
                                        SELECT object_kind, object_name, change_kind, field_path, in_manifest,
                                               in_cluster
                                        FROM drift_differences WHERE store_id = :id ORDER BY position""")
                                .bind("id", storeId)
                                .map((r, c) -> new Drift.Difference(r.getString("object_kind"),
                                        r.getString("object_name"), Drift.Change.valueOf(r.getString("change_kind")),
                                        r.getString("field_path"), r.getString("in_manifest"),
                                        r.getString("in_cluster")))
                                .list()))
                .findOne());
    }

    @Override
    public List<String> mostOverdue(Instant checkedBefore, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.id FROM stores s LEFT JOIN drift_checks c ON c.store_id = s.id
                        WHERE s.state = 'READY' AND s.helm_revision IS NOT NULL
                          AND (c.store_id IS NULL OR c.revision <> s.helm_revision OR c.checked_at < :before)
                        ORDER BY CASE WHEN c.store_id IS NULL OR c.revision <> s.helm_revision THEN 0 ELSE 1 END,
                                 c.checked_at, s.id
                        LIMIT :limit""")
                .bind("before", utc(checkedBefore)).bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public int readyStores() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM stores WHERE state = 'READY'")
                .mapTo(Integer.class).one());
    }

    @Override
    public long driftedStores() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM stores s JOIN drift_checks c ON c.store_id = s.id
                        WHERE s.state = 'READY' AND c.revision = s.helm_revision AND c.differences > 0""")
                .mapTo(Long.class).one());
    }
}
