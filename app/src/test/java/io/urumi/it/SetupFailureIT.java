package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a failing setup Job leaves a FAILED store that names the step and reason, and that retry heals it. */
class SetupFailureIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aFailedSetupJobMarksTheStoreFailedAndARetryAfterTheFaultIsClearedReachesReady() {
        cluster.faults().set("store-fail-shop", Fault.FAIL_JOBS);
        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api api = platform.api();
            assertEquals(202, api.createStore("fail-shop").status());

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.state("fail-shop")));
            JsonNode failure = api.get("/api/stores/fail-shop").json().path("failure");
            assertEquals("setup-job", failure.path("step").asText());
            String reason = failure.path("reason").asText();
            assertTrue(reason.contains("setup job failed"), reason);
            // No kubelet here to serve pod logs: the reason says so instead of a log tail (see KubernetesStoreCluster).
            assertTrue(reason.contains("logs unavailable"), reason);
            assertTrue(reason.contains("retry"), "the reason says what to do: " + reason);

            Api.Response busy = api.postJson("/api/stores/fail-shop/retry", "");
            assertEquals(202, busy.status(), busy.raw().body());
            assertEquals("PROVISIONING", busy.json().path("state").asText());
            // The fault is still on: this retry fails the same way, proving retry re-runs the install.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.state("fail-shop")));

            cluster.faults().clear("store-fail-shop");
            assertEquals(202, api.postJson("/api/stores/fail-shop/retry", "").status());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !"PROVISIONING".equals(api.state("fail-shop")));
            JsonNode store = api.get("/api/stores/fail-shop").json();
            assertEquals("READY", store.path("state").asText(), store.toString());
            assertTrue(store.path("failure").isNull());
            assertEquals(409, api.postJson("/api/stores/fail-shop/retry", "").status(),
                    "a READY store cannot be retried");

            assertEquals(202, api.delete("/api/stores/fail-shop").status());
            await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(api.state("fail-shop")));
        } finally {
            cluster.faults().clear("store-fail-shop");
        }
    }
}
