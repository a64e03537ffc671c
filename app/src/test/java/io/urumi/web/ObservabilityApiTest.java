package io.urumi.web;

import static io.urumi.support.PrometheusText.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functional tier: /metrics, /api/metrics and /api/activity of the whole app on its real database. The cluster is
 * unreachable, so the one store asked for fails at its first step: enough to see every number move.
 */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityApiTest {
    private Platform platform;
    private Api api;

    @BeforeAll
    void connectAndLetOneStoreFail(Platform platform, Api admin) {
        this.platform = platform;
        this.api = admin;
        assertEquals(202, api.createStore("metrics-shop").status());
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(api.state("metrics-shop")));
    }

    @Test
    void prometheusMetricsCountStoresByStateOperationsByOutcomeAndTimeRequestsByRoute() {
        assertEquals(404, api.get("/api/no-such-route/123").status());
        Api.Response response = api.get("/metrics");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
        String text = response.raw().body();

        assertEquals(1, value(text, "urumi_stores", "state=\"FAILED\""));
        assertEquals(0, value(text, "urumi_stores", "state=\"READY\""));
        assertEquals(1, value(text, "urumi_operations_total", "type=\"CREATE\"", "outcome=\"FAILED\""));
        assertEquals(0, value(text, "urumi_operations_queued"));
        assertEquals(0, value(text, "urumi_operations_queued_oldest_age_seconds"));
        assertTrue(text.contains("urumi_store_provisioning_seconds_bucket"), "provisioning histogram is published");
        // The request that created the store, under its route template; store ids never become labels.
        assertEquals(1, value(text, "urumi_http_requests_seconds_count", "method=\"POST\"", "route=\"/api/stores\"",
                "status=\"202\""));
        assertTrue(value(text, "urumi_http_requests_seconds_count", "route=\"/api/stores/{id}\"") >= 1);
        assertTrue(!text.contains("metrics-shop"), "no store id in any label");
        assertTrue(value(text, "urumi_http_requests_seconds_count", "route=\"unmatched\"", "status=\"404\"") >= 1,
                () -> text.lines().filter(l -> l.startsWith("urumi_http_requests_seconds_count")).toList().toString());
        assertTrue(!text.contains("no-such-route"), "unknown paths share one series");
        // The offline cluster was never reached through Helm, so no Helm call was timed.
        assertTrue(!text.contains("urumi_helm_calls_seconds_count{"), "no Helm call yet");
    }

    @Test
    void theSummaryCountsEveryStateAndTheFailedStepOverTheWindow() {
        JsonNode summary = api.get("/api/metrics").json();

        assertEquals("24h", summary.path("window").asText());
        assertEquals(1, summary.path("storesByState").path("FAILED").asInt());
        assertEquals(0, summary.path("storesByState").path("DELETED").asInt(), "every state is listed");
        assertEquals(7, summary.path("storesByState").size());
        assertEquals(0, summary.path("provisioning").path("count").asInt());
        assertTrue(summary.path("provisioning").path("p95Seconds").isNull(), "no READY store, no percentile");
        assertEquals(1, summary.path("failuresByStep").path("namespace").asInt(), summary.toString());
        assertEquals(0, summary.path("queue").path("queued").asInt());

        JsonNode lastMinute = api.get("/api/metrics?window=1m").json();
        assertEquals("1m", lastMinute.path("window").asText());
    }

    @Test
    void aMemberSeesOnlyTheActivityOfTheirOwnStoresAndNeitherThePlatformSummaryNorTheMetrics() {
        Api member = api.createUser("mia", "member");
        assertEquals(0, member.get("/api/activity").json().path("events").size(), "the admin's store is not hers");
        assertEquals(202, member.createStore("mia-shop").status());
        JsonNode hers = member.get("/api/activity").json().path("events");
        assertTrue(hers.size() >= 1);
        hers.forEach(e -> assertEquals("mia-shop", e.path("storeId").asText()));
        assertEquals(403, member.get("/api/metrics").status());
        assertEquals(403, member.get("/metrics").status());
        assertEquals(401, new Api(platform.port()).get("/metrics").status(), "a scrape needs a token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0h", "24", "1w", "91d", "-1h", "1.5h", "forever"})
    void aWindowThatIsNotMinutesHoursOrDaysUpTo90IsRefusedWith400(String window) {
        Api.Response response = api.get("/api/metrics?window=" + window);
        assertEquals(400, response.status(), response.raw().body());
        assertEquals("window", response.json().path("field").asText());
        assertTrue(response.json().path("message").asText().contains("e.g."));
    }

    @Test
    void theActivityFeedListsEventsAcrossStoresNewestFirst() {
        JsonNode all = api.get("/api/activity").json().path("events");
        List<JsonNode> events = StreamSupport.stream(all.spliterator(), false)
                .filter(e -> e.path("storeId").asText().equals("metrics-shop")).toList();
        assertTrue(events.size() >= 3, all.toString());
        assertTrue(events.get(0).path("id").asLong() > events.get(events.size() - 1).path("id").asLong(),
                "newest first");
        assertEquals(all.size(), StreamSupport.stream(all.spliterator(), false).map(e -> e.path("id").asLong())
                .distinct().count(), "an admin sees every store's events once");
        assertEquals("requested", events.get(events.size() - 1).path("step").asText());

        assertEquals(1, api.get("/api/activity?limit=1").json().path("events").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "ten", "-3"})
    void anActivityLimitOutsideOneTo500IsRefusedWith400(String limit) {
        Api.Response response = api.get("/api/activity?limit=" + limit);
        assertEquals(400, response.status());
        assertEquals("limit", response.json().path("field").asText());
    }
}
