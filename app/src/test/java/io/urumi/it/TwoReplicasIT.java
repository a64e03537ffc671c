package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.PlatformProcess;
import io.urumi.support.TestDatabases;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows scale-out: two platform processes on one PostgreSQL and one cluster provision each store exactly once, and
 * when the leader is SIGKILLed the other takes the Lease over and finishes the queued and interrupted work.
 */
class TwoReplicasIT {
    private static final int LEASE_SECONDS = 4;
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path dir;

    @Test
    void twoReplicasProvisionEachStoreOnceAndTheFollowerTakesOverWhenTheLeaderIsKilled() throws Exception {
        TestDatabases.Login database = TestDatabases.freshPostgres();
        String lease = "urumi-leader-" + UUID.randomUUID().toString().substring(0, 8);
        PlatformProcess one = PlatformProcess.start(env(database, lease), log("one"));
        PlatformProcess two = PlatformProcess.start(env(database, lease), log("two"));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> leads(one) ^ leads(two));
            PlatformProcess leader = leads(one) ? one : two;
            PlatformProcess follower = leader == one ? two : one;
            Api api = follower.api(); // every replica serves; the leader works

            for (String id : List.of("twin-a", "twin-b")) {
                assertEquals(202, api.createStore(id).status());
            }
            for (String id : List.of("twin-a", "twin-b")) {
                api.awaitState(id, "READY");
                assertProvisionedOnce(api, database, id);
            }

            // One worker per replica: twin-c's install hangs on held pods, twin-d and twin-e wait in the queue.
            cluster.faults().set("store-twin-c", Fault.HOLD);
            for (String id : List.of("twin-c", "twin-d", "twin-e")) {
                assertEquals(202, api.createStore(id).status());
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> releaseStatuses("twin-c").contains("pending-install"));
            long killedAt = System.nanoTime();
            leader.kill();
            await().atMost(Duration.ofSeconds(LEASE_SECONDS * 3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> leads(follower));
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("the follower led %d ms after the leader was killed (lease %d s)%n", takeoverMillis,
                    LEASE_SECONDS);
            assertTrue(takeoverMillis < (LEASE_SECONDS + 2) * 1000L, "took over within the lease: " + takeoverMillis);

            cluster.faults().clear("store-twin-c");
            for (String id : List.of("twin-c", "twin-d", "twin-e")) {
                api.awaitState(id, "READY");
            }
            assertProvisionedOnce(api, database, "twin-d");
            assertProvisionedOnce(api, database, "twin-e");
            // The interrupted install was unlocked and finished in place: still one namespace and one release.
            assertEquals(1, namespaces("twin-c"));
            List<String> statuses = releaseStatuses("twin-c");
            assertEquals(1, statuses.stream().filter("deployed"::equals).count(), statuses.toString());
            assertTrue(statuses.stream().noneMatch(s -> s.startsWith("pending")), statuses.toString());

            for (String id : List.of("twin-a", "twin-b", "twin-c", "twin-d", "twin-e")) {
                assertEquals(202, api.delete("/api/stores/" + id).status());
            }
            for (String id : List.of("twin-a", "twin-b", "twin-c", "twin-d", "twin-e")) {
                api.awaitState(id, "DELETED");
            }
        } finally {
            cluster.faults().clear("store-twin-c");
            one.kill();
            two.kill();
        }
    }

    /** One operation claimed once, one namespace, one Helm release at revision 1: no second replica worked on it. */
    private void assertProvisionedOnce(Api api, TestDatabases.Login database, String id) throws SQLException {
        JsonNode store = api.get("/api/stores/" + id).json();
        assertEquals(1, store.path("helmRevision").asInt(), store.toString());
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement q = c.prepareStatement("SELECT type, attempts FROM operations WHERE store_id = ?")) {
            q.setString(1, id);
            List<String> operations = new java.util.ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    operations.add(rs.getString(1) + " x" + rs.getInt(2));
                }
            }
            assertEquals(List.of("CREATE x1"), operations, id);
        }
        assertEquals(1, namespaces(id));
        assertEquals(List.of("deployed"), releaseStatuses(id));
    }

    private Map<String, String> env(TestDatabases.Login database, String lease) {
        Map<String, String> env = new HashMap<>(TestPlatform.env(cluster, dir, TestPlatform.freePort()));
        env.putAll(database.env());
        env.put("URUMI_LEADER_ELECTION_NAMESPACE", "default");
        env.put("URUMI_LEADER_LEASE_NAME", lease);
        env.put("URUMI_LEADER_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
        env.put("URUMI_WORKERS", "1");
        return env;
    }

    private static boolean leads(PlatformProcess platform) {
        return "yes".equals(platform.api().get("/health/ready").json().path("leader").asText());
    }

    private int namespaces(String id) {
        return cluster.client().namespaces().withLabel("urumi.io/store", id).list().getItems().size();
    }

    /** Status of every Helm release record (one Secret per revision) of the store's release. */
    private List<String> releaseStatuses(String id) {
        return cluster.client().secrets().inNamespace("store-" + id).withLabel("owner", "helm")
                .withLabel("name", "urumi-" + id).list().getItems().stream()
                .map(Secret::getMetadata).map(m -> m.getLabels().get("status")).toList();
    }

    private static Path log(String name) {
        return Path.of("target", "two-replicas-" + name + ".log").toAbsolutePath();
    }
}
