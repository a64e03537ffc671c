package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that a setup Job which really fails on the real node (no injected fault: Medusa itself refuses a region in a
 * country that does not exist, as an operator's typo would cause) leaves the store FAILED at step setup-job with the
 * Job's real last log lines, read from the kubelet, in its reason.
 */
class SetupFailureOnRealNodeIT {
    @TempDir
    Path data;

    @Test
    void aSetupJobThatReallyExitsNonZeroFailsTheStoreWithItsOwnLogLinesInTheReason() {
        LocalCluster.assumeRealNode();
        LocalCluster cluster = LocalCluster.realNode();
        String storeValues = """
                {"medusa": {"server": {"image": %s}, "postgres": {"image": %s}, "redis": {"image": %s},
                            "setup": {"countries": ["zz"]}}}"""
                .formatted(image(cluster, "medusa"), image(cluster, "postgres-17"), image(cluster, "redis-7"));
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of("URUMI_STORE_VALUES", storeValues,
                "URUMI_BASE_DOMAIN", "localhost", "URUMI_PROVISIONING_TIMEOUT_SECONDS", "480"))) {
            Api api = platform.api();
            assertEquals(202, api.createStore("bad-region", "medusa").status());

            await().atMost(Duration.ofMinutes(9)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !"PROVISIONING".equals(api.state("bad-region")));
            JsonNode store = api.get("/api/stores/bad-region").json();
            assertEquals("FAILED", store.path("state").asText(), store.toPrettyString());
            JsonNode failure = store.path("failure");
            assertEquals("setup-job", failure.path("step").asText(), failure.toString());
            String reason = failure.path("reason").asText();
            assertTrue(reason.contains("setup job failed"), reason);
            assertTrue(reason.contains("last log lines: "), "the kubelet served the Job's log: " + reason);
            assertFalse(reason.contains("logs unavailable"), reason);
            assertTrue(reason.contains("zz"), "the log tail is Medusa's own complaint about the country: " + reason);

            assertEquals(202, api.delete("/api/stores/bad-region").status());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "DELETED".equals(api.state("bad-region")));
        }
    }

    private static String image(LocalCluster cluster, String name) {
        String ref = cluster.image(name);
        int colon = ref.lastIndexOf(':');
        return "{\"repository\": \"%s\", \"tag\": \"%s\", \"pullPolicy\": \"Never\"}".formatted(ref.substring(0, colon),
                ref.substring(colon + 1));
    }
}
