package io.urumi.ui;

import static io.urumi.support.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a failing Helm test is reported on the API, the metrics and the store page, and the store stays READY. */
class FailedHelmTestIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aFailingHelmTestIsShownOnTheStoreWhichStaysReady() {
        cluster.faults().set("store-obs-fail", Fault.FAIL_TESTS);
        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api api = platform.api();
            assertEquals(202, api.createStore("obs-fail").status());
            api.awaitState("obs-fail", "READY");

            JsonNode test = api.get("/api/stores/obs-fail").json().path("releaseTest");
            assertEquals("FAILED", test.path("outcome").asText(), test.toString());
            assertTrue(test.path("message").asText().contains("did not pass"), test.toString());
            assertTrue(test.path("message").asText().contains("kubectl logs -n store-obs-fail"), test.toString());
            assertTrue(test.path("message").asText().contains("test job urumi-obs-fail-test failed: BackoffLimitExceeded"),
                    "names the Job and the reason Kubernetes gave: " + test);
            assertTrue(events(api).contains("release-test FAILED"), events(api));
            assertEquals(1, value(api.get("/metrics").raw().body(), "urumi_release_tests_total",
                    "outcome=\"FAILED\""));

            String page = new PageClient(platform.port()).get("/stores/obs-fail").body();
            int at = page.indexOf("id=\"release-test\"");
            assertTrue(at > 0, "the store page shows the Helm test");
            String shown = page.substring(at, page.indexOf("</dd>", at));
            assertTrue(shown.contains("Failed") && shown.contains("did not pass"), shown);

            assertEquals(202, api.delete("/api/stores/obs-fail").status());
            api.awaitState("obs-fail", "DELETED");
        } finally {
            cluster.faults().clear("store-obs-fail");
        }
    }

    private static String events(Api api) {
        return StreamSupport.stream(api.get("/api/stores/obs-fail/events").json().path("events").spliterator(), false)
                .map(e -> e.path("step").asText() + " " + e.path("status").asText() + " " + e.path("message").asText())
                .reduce("", (a, b) -> a + "\n" + b);
    }
}
