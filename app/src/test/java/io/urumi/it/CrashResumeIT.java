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

/** Shows that a platform killed mid-install resumes after a restart: READY, no duplicate namespace or release. */
class CrashResumeIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aStoreWhosePlatformWasKilledDuringItsInstallStillReachesReadyAfterARestart() throws Exception {
        String ns = "store-crash-shop";
        cluster.faults().set(ns, Fault.HOLD);
        Path log = Path.of("target", "crash-resume-platform.log").toAbsolutePath();
        try {
            Map<String, String> env = TestPlatform.env(cluster, data, TestPlatform.freePort());
            try (PlatformProcess first = PlatformProcess.start(env, log)) {
                assertEquals(202, first.api().createStore("crash-shop").status());
                // Held pods keep Helm waiting: the release record sits in pending-install.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> releaseStatuses().contains("pending-install"));
                first.kill();
                assertTrue(first.process().exitValue() != 0);
            }
            cluster.faults().clear(ns);

            env.put("URUMI_PORT", String.valueOf(TestPlatform.freePort()));
            try (PlatformProcess second = PlatformProcess.start(env, log)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !"PROVISIONING".equals(second.api().state("crash-shop")));
                JsonNode store = second.api().get("/api/stores/crash-shop").json();
                assertEquals("READY", store.path("state").asText(), store.toString());

                assertEquals(1, cluster.client().namespaces().withLabel("urumi.io/store", "crash-shop").list()
                        .getItems().size());
                List<String> statuses = releaseStatuses();
                assertEquals(1, statuses.stream().filter("deployed"::equals).count(), statuses.toString());
                assertTrue(statuses.stream().noneMatch(s -> s.startsWith("pending")), statuses.toString());
                assertEquals(1, cluster.client().secrets().inAnyNamespace().withLabel("owner", "helm")
                        .withLabel("name", "urumi-crash-shop").withLabel("status", "deployed").list().getItems().size(),
                        "one release, nowhere duplicated");
                assertTrue(StreamSupport.stream(second.api().get("/api/stores/crash-shop/events").json()
                                .path("events").spliterator(), false)
                        .anyMatch(e -> e.path("message").asText().contains("interrupted release")),
                        "the timeline tells that the interrupted release was replaced");

                assertEquals(202, second.api().delete("/api/stores/crash-shop").status());
                await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(second.api().state("crash-shop")));
            }
        } finally {
            cluster.faults().clear(ns);
        }
    }

    /** Status of every Helm release record (one Secret per revision) of the store's release. */
    private List<String> releaseStatuses() {
        return cluster.client().secrets().inNamespace("store-crash-shop").withLabel("owner", "helm")
                .withLabel("name", "urumi-crash-shop").list().getItems().stream()
                .map(Secret::getMetadata).map(m -> m.getLabels().get("status")).toList();
    }
}
