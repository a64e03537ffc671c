package io.urumi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a store whose pods never become ready fails at Helm's timeout, naming what was not ready. */
class HelmTimeoutIT {
    private static final int HELM_TIMEOUT_SECONDS = 30;
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void podsThatNeverBecomeReadyFailTheStoreAtTheHelmTimeoutWithTheStepAndWhatWasNotReady() {
        cluster.faults().set("store-slow-shop", Fault.NEVER_READY);
        try (TestPlatform platform = TestPlatform.start(cluster, data,
                Map.of("URUMI_PROVISIONING_TIMEOUT_SECONDS", String.valueOf(HELM_TIMEOUT_SECONDS)))) {
            Api api = platform.api();
            long start = System.nanoTime();
            assertEquals(202, api.createStore("slow-shop").status());
            api.awaitState("slow-shop", "FAILED");
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            System.out.printf("never-ready store FAILED after %d s (Helm timeout %d s)%n", seconds, HELM_TIMEOUT_SECONDS);
            assertTrue(seconds >= HELM_TIMEOUT_SECONDS && seconds < HELM_TIMEOUT_SECONDS + 30, "bounded: " + seconds);

            JsonNode failure = api.get("/api/stores/slow-shop").json().path("failure");
            assertEquals("release", failure.path("step").asText(), failure.toString());
            String reason = failure.path("reason").asText();
            assertTrue(reason.contains("timed out"), reason);
            assertTrue(reason.contains("Deployment urumi-slow-shop-wordpress"), "names what never became ready: " + reason);

            assertEquals(202, api.delete("/api/stores/slow-shop").status());
            api.awaitState("slow-shop", "DELETED");
        } finally {
            cluster.faults().clear("store-slow-shop");
        }
    }
}
