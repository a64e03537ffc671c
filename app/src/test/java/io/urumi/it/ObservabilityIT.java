package io.urumi.it;

import static io.urumi.support.PrometheusText.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.LogCapture;
import io.urumi.support.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows a store's life in metrics, logs and its Helm test, on the local control plane (a failing test: FailedHelmTestIT). */
class ObservabilityIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void metricsMoveLogsTellOneStoresStoryWithoutCredentialsAndItsHelmTestPasses() {
        try (LogCapture logs = LogCapture.start(); TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api api = platform.api();
            String before = api.get("/metrics").raw().body();
            assertEquals(0, value(before, "urumi_stores", "state=\"READY\""));

            assertEquals(202, api.createStore("obs-shop").status());
            api.awaitState("obs-shop", "READY");

            String ready = api.get("/metrics").raw().body();
            assertEquals(1, value(ready, "urumi_stores", "state=\"READY\""));
            assertEquals(1, value(ready, "urumi_operations_total", "type=\"CREATE\"", "outcome=\"SUCCEEDED\""));
            assertEquals(1, value(ready, "urumi_store_provisioning_seconds_count"));
            assertTrue(value(ready, "urumi_store_provisioning_seconds_sum") > 0);
            assertEquals(1, value(ready, "urumi_helm_calls_seconds_count", "verb=\"install\"", "outcome=\"ok\""));
            assertEquals(1, value(ready, "urumi_helm_calls_seconds_count", "verb=\"test\"", "outcome=\"ok\""));
            assertEquals(1, value(ready, "urumi_release_tests_total", "outcome=\"PASSED\""));

            List<String> credentials = credentials("obs-shop");
            JsonNode store = api.get("/api/stores/obs-shop").json();
            assertEquals("PASSED", store.path("releaseTest").path("outcome").asText(), store.toString());
            assertTrue(store.path("releaseTest").path("message").asText().contains("urumi-obs-shop-test"),
                    "names the test that ran: " + store);
            JsonNode summary = api.get("/api/metrics").json();
            assertEquals(1, summary.path("storesByState").path("READY").asInt());
            assertEquals(1, summary.path("provisioning").path("count").asInt());
            assertTrue(summary.path("provisioning").path("p95Seconds").asDouble() > 0, summary.toString());

            assertEquals(202, api.delete("/api/stores/obs-shop").status());
            api.awaitState("obs-shop", "DELETED");
            String deleted = api.get("/metrics").raw().body();
            assertEquals(0, value(deleted, "urumi_stores", "state=\"READY\""));
            assertEquals(1, value(deleted, "urumi_stores", "state=\"DELETED\""));
            assertEquals(1, value(deleted, "urumi_operations_total", "type=\"DELETE\"", "outcome=\"SUCCEEDED\""));
            assertEquals(1, value(deleted, "urumi_helm_calls_seconds_count", "verb=\"uninstall\""));

            assertOneStoresStoryCanBeReadFromItsLogLines(logs, "obs-shop");
            for (String line : logs.lines()) {
                for (String credential : credentials) {
                    assertFalse(line.contains(credential), "a log line holds a credential: " + line);
                }
            }
        }
    }

    /** An operator filters by store and reads what happened, with operation and release on every line. */
    private static void assertOneStoresStoryCanBeReadFromItsLogLines(LogCapture logs, String id) {
        List<JsonNode> story = logs.where("store", id);
        List<String> messages = story.stream().map(l -> l.path("message").asText()).toList();
        for (String expected : List.of("operation started: CREATE", "step started: release", "helm test passed",
                "store ready", "operation started: DELETE", "store deleted")) {
            assertTrue(messages.contains(expected), "'" + expected + "' in " + messages);
        }
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("DELETE /api/stores/" + id + " -> 202")), "request log");
        for (JsonNode line : story) {
            assertEquals("urumi-" + id, line.path("release").asText(), "release on " + line);
            if (line.path("logger_name").asText().startsWith("io.urumi.provision")) {
                assertTrue(line.path("operation").asLong() > 0, "operation on " + line);
            }
        }
    }

    private List<String> credentials(String id) {
        Secret secret = cluster.client().secrets().inNamespace("store-" + id).withName("store-credentials").get();
        assertTrue(secret != null && secret.getData() != null, "the store's credentials Secret exists");
        List<String> values = secret.getData().values().stream()
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                .filter(v -> v.length() >= 12).toList();
        assertTrue(values.size() >= 3, "at least the admin, database and root passwords: " + values.size());
        return values;
    }
}
