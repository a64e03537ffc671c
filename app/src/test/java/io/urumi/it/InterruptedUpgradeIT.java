package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.urumi.devcluster.Fault;
import io.urumi.drift.ReleaseChecks;
import io.urumi.release.ReleaseRecordCodec;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.PlatformProcess;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that a release left pending-upgrade is unlocked after a restart: by the resumed upgrade when a crash of the
 * platform left it, and by a repair the release check queues when something else left it.
 */
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

    @Test
    void aReleaseSeededPendingUpgradeBeforeStartUpIsRepairedByThePlatformAndAudited() throws Exception {
        String ns = "store-seeded-shop";
        try (TestPlatform first = TestPlatform.start(cluster, data)) {
            assertEquals(202, first.api().createStore("seeded-shop").status());
            first.api().awaitState("seeded-shop", "READY");
        }
        // Before the next start: revision 2 appears, left pending-upgrade an hour ago, as a helm upgrade run by hand
        // and killed would leave it. No operation of the platform's knows of it; Helm refuses all else until unlocked.
        Secret v1 = cluster.client().secrets().inNamespace(ns).withName("sh.helm.release.v1.urumi-seeded-shop.v1").get();
        ObjectNode release = ReleaseRecordCodec.decode(v1.getData().get("release"));
        release.put("version", 2);
        ObjectNode info = (ObjectNode) release.get("info");
        info.put("status", "pending-upgrade");
        info.put("description", "Upgrade by hand, killed");
        info.put("last_deployed", Instant.now().minus(Duration.ofHours(1)).toString());
        Map<String, String> labels = new HashMap<>(v1.getMetadata().getLabels());
        labels.put("version", "2");
        labels.put("status", "pending-upgrade");
        cluster.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName("sh.helm.release.v1.urumi-seeded-shop.v2").withLabels(labels).endMetadata()
                .withType(v1.getType()).withData(Map.of("release", ReleaseRecordCodec.encode(release))).build())
                .create();
        assertTrue(statuses(ns).contains("pending-upgrade"));

        try (TestPlatform second = TestPlatform.start(cluster, data,
                Map.of("URUMI_RELEASE_CHECK_INTERVAL_SECONDS", "2"))) {
            Api api = second.api();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode op = api.get("/api/stores/seeded-shop").json().path("lastOperation");
                return "REPAIR".equals(op.path("type").asText()) && "SUCCEEDED".equals(op.path("status").asText());
            });
            JsonNode store = api.get("/api/stores/seeded-shop").json();
            assertEquals("READY", store.path("state").asText());
            assertEquals(3, store.path("helmRevision").asInt(), "the store's revision deployed again, after 2");
            assertEquals(ReleaseChecks.ACTOR, store.path("lastOperation").path("requestedBy").asText());
            assertEquals(List.of("deployed", "failed", "superseded"), statuses(ns).stream().sorted().toList(),
                    "revision 2 unlocked (failed), as Flux does; nothing pending");
            JsonNode events = api.get("/api/stores/seeded-shop/events").json().path("events");
            assertTrue(StreamSupport.stream(events.spliterator(), false).anyMatch(e -> e.path("message").asText()
                    .contains("Recovered the interrupted release left in state 'pending-upgrade' at revision 2")),
                    "the recovery is in the store's timeline");
            JsonNode audited = api.get("/api/audit?actor=" + ReleaseChecks.ACTOR + "&target=seeded-shop").json();
            assertTrue(audited.toString().contains("\"action\":\"store.recover-release\"")
                    && audited.toString().contains("pending-upgrade at revision 2"), audited.toString());
            assertEquals(202, api.delete("/api/stores/seeded-shop").status());
            api.awaitState("seeded-shop", "DELETED");
        }
    }

    private List<String> statuses(String ns) {
        return cluster.client().secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems().stream()
                .map(Secret::getMetadata).map(m -> m.getLabels().get("status")).toList();
    }
}
