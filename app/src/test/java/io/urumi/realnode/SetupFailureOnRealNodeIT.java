package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    void aSetupJobThatReallyExitsNonZeroFailsTheStoreWithItsOwnLogLinesInTheReason() throws Exception {
        LocalCluster.assumeRealNode();
        LocalCluster cluster = LocalCluster.realNode();
        // The images built here, and a typo an operator could make: a country code that does not exist.
        ObjectNode values = (ObjectNode) new ObjectMapper().readTree(cluster.storeValues());
        values.with("medusa").with("setup").putArray("countries").add("zz");
        String storeValues = values.toString();
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of("URUMI_STORE_VALUES", storeValues,
                "URUMI_BASE_DOMAIN", "localhost", "URUMI_NAMESPACE_DELETE_TIMEOUT_SECONDS", "300", "URUMI_PROVISIONING_TIMEOUT_SECONDS", "480"))) {
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
}
