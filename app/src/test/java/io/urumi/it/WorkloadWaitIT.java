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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that installs wait for the store's pods themselves: pods never ready fail the store, and a retry waits again. */
class WorkloadWaitIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void podsThatNeverBecomeReadyFailTheReleaseStepAtTheTimeoutAndARetryWaitsForThemAgain() {
        cluster.faults().set("store-slow-shop", Fault.NEVER_READY);
        try (TestPlatform platform = TestPlatform.start(cluster, data,
                Map.of("URUMI_PROVISIONING_TIMEOUT_SECONDS", "30"))) {
            Api api = platform.api();
            assertEquals(202, api.createStore("slow-shop").status());

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.state("slow-shop")));
            JsonNode failure = api.get("/api/stores/slow-shop").json().path("failure");
            assertEquals("release", failure.path("step").asText());
            String reason = failure.path("reason").asText();
            assertTrue(reason.contains("did not become ready in time"), reason);

            // The release is deployed (its setup hook ran): the retry does not reinstall, it waits for the pods.
            cluster.faults().clear("store-slow-shop");
            assertEquals(202, api.postJson("/api/stores/slow-shop/retry", "").status());
            api.awaitState("slow-shop", "READY");
            assertTrue(api.get("/api/stores/slow-shop/events").raw().body().contains("not reinstalled"),
                    "the retry kept the deployed release");
        } finally {
            cluster.faults().clear("store-slow-shop");
        }
    }
}
