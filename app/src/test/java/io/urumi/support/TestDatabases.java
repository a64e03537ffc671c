package io.urumi.support;

import io.urumi.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Fresh, empty databases for tests: an H2 file, or a new database on the throwaway PostgreSQL server of
 * scripts/lib/postgres.sh (started on first use when scripts/test.sh has not started it already).
 */
public final class TestDatabases {
    private static Path serverDir;

    private TestDatabases() {
    }

    /** Where and as whom to connect; {@link #env()} gives the same to a platform. */
    public record Login(String url, String user, String password) {
        public Database open() {
            return Database.open(url, user, password);
        }

        public Map<String, String> env() {
            return Map.of("URUMI_JDBC_URL", url, "URUMI_DB_USER", user, "URUMI_DB_PASSWORD", password);
        }
    }

    public static Login fresh(Database.Dialect dialect, Path dir) {
        return dialect == Database.Dialect.H2
                ? new Login("jdbc:h2:file:" + dir.resolve("urumi").toAbsolutePath(), "urumi", "")
                : freshPostgres();
    }

    /** A new, empty database on the shared test server. */
    public static Login freshPostgres() {
        Path dir = postgresServer();
        try {
            String adminUrl = Files.readString(dir.resolve("jdbc-url")).trim();
            String password = Files.readString(dir.resolve("password")).trim();
            String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(adminUrl, "urumi", password)) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            return new Login(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name, "urumi", password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    private static synchronized Path postgresServer() {
        if (serverDir == null) {
            Path dir = Repo.root().resolve("app/target/postgres");
            boolean wasRunning = script(dir, "status") == 0;
            if (!wasRunning && script(dir, "up") != 0) {
                throw new IllegalStateException("scripts/lib/postgres.sh up failed");
            }
            if (!wasRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> script(dir, "down"), "postgres-down"));
            }
            serverDir = dir;
        }
        return serverDir;
    }

    private static int script(Path dir, String command) {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash",
                Repo.root().resolve("scripts/lib/postgres.sh").toString(), command)).inheritIO();
        pb.environment().put("URUMI_PG_DIR", dir.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
