package io.urumi.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit must be on disk when it returns: the platform is killed without warning, and must lose nothing. */
class DatabaseDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aCommittedRowSurvivesTheProcessBeingKilledRightAfterTheCommit() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("urumi");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillAfterCommit.class.getName(), url).inheritIO().start();
        assertEquals(137, child.waitFor(), "the child halted itself right after committing");
        try (Database db = Database.open(url)) {
            assertEquals(List.of("survivor"), db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM stores")
                    .mapTo(String.class).list()));
        }
    }

    /** Commits one store row and halts at once, as SIGKILL would: no shutdown hook, no flush. */
    public static final class KillAfterCommit {
        public static void main(String[] args) {
            Database db = Database.open(args[0]);
            db.jdbi().useHandle(h -> h.execute("""
                    INSERT INTO stores (id, engine, state, admin_email, owner, created_at, updated_at)
                    VALUES ('survivor', 'WOOCOMMERCE', 'PROVISIONING', 'a@example.com', 'x',
                            CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"""));
            Runtime.getRuntime().halt(137);
        }
    }
}
