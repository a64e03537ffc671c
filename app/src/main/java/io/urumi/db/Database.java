package io.urumi.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;

/** Opens the platform database and brings its schema up to date with the versioned migrations. */
public final class Database implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    public static Database open(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("Only H2 JDBC URLs are supported so far, got " + jdbcUrl.split(";")[0]);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(durable(jdbcUrl), "urumi", "");
        pool.setMaxConnections(32);
        migrate(pool);
        return new Database(pool);
    }

    /**
     * H2 flushes commits to disk up to 500 ms late by default, so a SIGKILL loses transactions it already
     * acknowledged (measured: a committed row gone after a kill). A store request answered 202 must survive.
     */
    static String durable(String jdbcUrl) {
        return jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY=") ? jdbcUrl : jdbcUrl + ";WRITE_DELAY=0";
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** True when a trivial query answers; used by health checks. */
    public boolean reachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
