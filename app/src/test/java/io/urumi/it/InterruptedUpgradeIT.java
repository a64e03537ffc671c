package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.urumi.devcluster.Fault;
import io.urumi.support.LocalCluster;
import io.urumi.support.PlatformProcess;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a release a crash left pending-upgrade is unlocked and the upgrade completed after a restart. */
class InterruptedUpgradeIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void anUpgradeInterruptedBySigkillResumesAtStartAndRecoversThePendingRelease() throws Exception {
        String ns = "store-halt-shop";
        Path log = Path.of("target", "interrupted-upgrade-platform.log").toAbsolutePath();
        Map<String, String> env = TestPlatform.env(cluster, data, TestPlatform.freePort());
        try {
            try (PlatformProcess first = PlatformProcess.start(env, log)) {
                assertEquals(202, first.api().createStore("halt-shop").status());
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "READY".equals(first.api().state("halt-shop")));
                // Pods of the target chart never start, so Helm waits with the release pending-upgrade.
                cluster.faults().setForChart(ns, "ecommerce-store-0.1.0", Fault.HOLD);
                assertEquals(202, first.api().postJson("/api/stores/halt-shop/upgrade",
                        "{\"chartVersion\":\"0.1.0\"}").status());
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> statuses(ns).contains("pending-upgrade"));
                first.kill();
            }
            cluster.faults().clear(ns + "_ecommerce-store-0.1.0");

            env.put("URUMI_PORT", String.valueOf(TestPlatform.freePort()));
            try (PlatformProcess second = PlatformProcess.start(env, log)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "READY".equals(second.api().state("halt-shop"))
                                && "0.1.0".equals(second.api().get("/api/stores/halt-shop").json()
                                .path("chartVersion").asText()));
                assertTrue(statuses(ns).stream().noneMatch(s -> s.startsWith("pending")), statuses(ns).toString());
                JsonNode events = second.api().get("/api/stores/halt-shop/events").json().path("events");
                assertTrue(StreamSupport.stream(events.spliterator(), false).anyMatch(e -> e.path("message").asText()
                        .contains("Recovered the interrupted release left in state 'pending-upgrade'")),
                        "the recovery is recorded in the store's timeline");
                assertEquals(202, second.api().delete("/api/stores/halt-shop").status());
                await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(second.api().state("halt-shop")));
            }
        } finally {
            cluster.faults().clear(ns + "_ecommerce-store-0.1.0");
        }
    }

    private List<String> statuses(String ns) {
        return cluster.client().secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems().stream()
                .map(Secret::getMetadata).map(m -> m.getLabels().get("status")).toList();
    }
}
