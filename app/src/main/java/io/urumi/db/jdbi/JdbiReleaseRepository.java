package io.urumi.db.jdbi;

import static io.urumi.db.Database.utc;

import io.urumi.store.ReleaseRecord;
import io.urumi.store.ReleaseRepository;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The releases table: one row per Helm revision per store, so pages never ask Helm for history. */
public final class JdbiReleaseRepository implements ReleaseRepository {
    private final Jdbi jdbi;

    public JdbiReleaseRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(ReleaseRecord r) {
        jdbi.useTransaction(h -> {
            if ("deployed".equals(r.status())) {
                h.createUpdate("""
                                UPDATE releases SET status = 'superseded'
                                WHERE store_id = :store AND status = 'deployed' AND revision <> :revision""")
                        .bind("store", r.storeId()).bind("revision", r.revision()).execute();
            }
            int updated = h.createUpdate("""
                            UPDATE releases SET status = :status, chart_version = :chart, app_version = :app,
                                   description = :description
                            WHERE store_id = :store AND revision = :revision""")
                    .bindMethods(r).bind("store", r.storeId()).bind("chart", r.chartVersion())
                    .bind("app", r.appVersion()).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO releases (store_id, revision, release_name, chart_version, app_version,
                                                      status, description, requested_by, created_at)
                                VALUES (:store, :revision, :releaseName, :chart, :app, :status, :description,
                                        :requestedBy, :at)""")
                        .bindMethods(r).bind("store", r.storeId()).bind("chart", r.chartVersion())
                        .bind("app", r.appVersion()).bind("at", utc(r.createdAt())).execute();
            }
        });
    }

    @Override
    public List<ReleaseRecord> history(String storeId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases WHERE store_id = :s ORDER BY revision")
                .bind("s", storeId)
                .map((rs, ctx) -> new ReleaseRecord(rs.getString("store_id"), rs.getInt("revision"),
                        rs.getString("release_name"), rs.getString("chart_version"), rs.getString("app_version"),
                        rs.getString("status"), rs.getString("description"), rs.getString("requested_by"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list());
    }
}
