package io.urumi.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens the platform database (an H2 file for one replica, PostgreSQL for several, chosen by the JDBC URL) and brings
 * its schema up to date with the same versioned migrations on both.
 */
public final class Database implements AutoCloseable {
    /** The SQL dialects the platform runs on; the few statements that differ ask for it. */
    public enum Dialect { H2, POSTGRESQL }

    // Workers, the reconciler, the fleet upgrader and request threads share it; a connection is held only per query.
    private static final int POOL_SIZE = 16;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(pool);
    }

    /** An H2 URL with the embedded default login; tests and single-replica set-ups. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, "urumi", "");
    }

    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("urumi-db");
        hikari.setJdbcUrl(dialect == Dialect.H2 ? durable(jdbcUrl) : jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setConnectionTimeout(10_000); // bounded: a request or a worker fails instead of waiting forever
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, dialect);
    }

    static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        // Only the scheme: a URL may carry a password in its parameters.
        throw new IllegalArgumentException("Only H2 (jdbc:h2:) and PostgreSQL (jdbc:postgresql:) JDBC URLs are "
                + "supported, got " + jdbcUrl.split("[:;?]", 3)[0] + ":" + jdbcUrl.split("[:;?]", 3)[1] + ":...");
    }

    /**
     * H2 flushes commits to disk up to 500 ms late by default, so a SIGKILL loses transactions it already
     * acknowledged (measured: a committed row gone after a kill). A store request answered 202 must survive.
     */
    static String durable(String jdbcUrl) {
        return jdbcUrl.toUpperCase(Locale.ROOT).contains("WRITE_DELAY=") ? jdbcUrl : jdbcUrl + ";WRITE_DELAY=0";
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
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

    /** A timestamp column as an instant, null when the column is. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Text cut to a column's size, an ellipsis marking the cut. */
    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public void close() {
        pool.close();
    }
}
