package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a create made while the API server is down is queued, retried with backoff, and READY once it is back. */
class ClusterOutageIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aStoreRequestedWhileTheApiServerIsDownWaitsVisiblyAndBecomesReadyWhenItReturns() {
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of(
                "URUMI_RETRY_BACKOFF_SECONDS", "2", "URUMI_MAX_ATTEMPTS", "8"))) {
            Api api = platform.api();
            cluster.script("stop-apiserver");
            try {
                assertEquals(503, api.get("/health/ready").status());
                assertEquals("DOWN", api.get("/health/ready").json().path("cluster").asText());

                assertEquals(202, api.createStore("outage-shop").status(), "creates are accepted and queued");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> events(api).contains("trying again"));
                assertEquals("PROVISIONING", api.state("outage-shop"), "never READY (nor FAILED) while unreachable");
                assertTrue(events(api).contains("could not be reached"), events(api));
            } finally {
                cluster.script("start-apiserver");
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/health/ready").status() == 200);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !"PROVISIONING".equals(api.state("outage-shop")));
            assertEquals("READY", api.state("outage-shop"), api.get("/api/stores/outage-shop").raw().body());

            assertEquals(202, api.delete("/api/stores/outage-shop").status());
            await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(api.state("outage-shop")));
        }
    }

    private static String events(Api api) {
        return StreamSupport.stream(api.get("/api/stores/outage-shop/events").json().path("events").spliterator(), false)
                .map(e -> e.path("message").asText()).reduce("", (a, b) -> a + "\n" + b);
    }
}
