package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.Repo;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows a fleet upgrade moving four stores from chart 0.1.0 to 0.2.0 in waves: halted by a failing store in the
 * second wave (canary upgraded, failing store rolled back, the last wave untouched), then run again to the end.
 */
class FleetUpgradeIT {
    private static final Duration LONG = Duration.ofMinutes(4);
    private static final List<String> STORES = List.of("fl-a", "fl-b", "fl-c", "fl-d");
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;
    @TempDir
    Path oldChart;

    @Test
    void aFleetUpgradeHaltsAtTheFirstFailedStoreAndARerunMovesTheRest() throws Exception {
        Path chart010 = Repo.unpackPublishedChart("0.1.0", oldChart);
        try (TestPlatform old = TestPlatform.start(cluster, data, Map.of(
                "URUMI_CHART_DIR", chart010.toString(), "URUMI_CHART_CATALOG_DIR", oldChart.resolve("none").toString()))) {
            for (String id : STORES) {
                assertEquals(202, old.api().createStore(id).status());
            }
            for (String id : STORES) {
                old.api().awaitState(id, "READY");
            }
        }

        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api api = platform.api();
            refusesBadRequests(api);

            // Waves by store name: [fl-a] (the canary), [fl-b], [fl-c, fl-d]. Only fl-b's 0.2.0 setup job fails.
            cluster.faults().setForChart("store-fl-b", "ecommerce-store-0.2.0", Fault.FAIL_JOBS);
            Api.Response started = api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.1.0\",\"toVersion\":\"0.2.0\"}");
            assertEquals(202, started.status(), started.raw().body());
            JsonNode plan = started.json();
            long first = plan.path("id").asLong();
            assertEquals("/api/fleet-upgrades/" + first, started.header("Location"));
            assertEquals("RUNNING", plan.path("state").asText());
            assertEquals(List.of(List.of("fl-a"), List.of("fl-b"), List.of("fl-c", "fl-d")), waveStores(plan));
            Api.Response second = api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.1.0\",\"toVersion\":\"0.2.0\"}");
            assertEquals(409, second.status(), second.raw().body());
            assertEquals("fleet_upgrade_running", second.json().path("error").asText());

            JsonNode halted = awaitFinished(api, first);
            assertEquals("HALTED", halted.path("state").asText(), halted.toString());
            assertEquals("fl-b", halted.path("haltedStore").asText());
            String reason = halted.path("haltReason").asText();
            assertTrue(reason.contains("rolled back") && reason.contains("setup job failed"), reason);
            assertEquals(List.of("SUCCEEDED", "FAILED", "NOT_STARTED"), waveStatuses(halted));
            assertEquals(List.of(List.of("SUCCEEDED"), List.of("FAILED"), List.of("NOT_STARTED", "NOT_STARTED")),
                    storeStatuses(halted));

            assertStoreAt(api, "fl-a", "0.2.0");
            assertNotNull(storeInfo("fl-a"), "the canary runs 0.2.0's objects");
            JsonNode failed = assertStoreAt(api, "fl-b", "0.1.0");
            assertEquals("FAILED", failed.path("lastOperation").path("status").asText());
            assertEquals("fleet-upgrade-" + first, failed.path("lastOperation").path("requestedBy").asText());
            assertNull(storeInfo("fl-b"), "fl-b was rolled back to 0.1.0's objects");
            for (String untouched : List.of("fl-c", "fl-d")) {
                JsonNode store = assertStoreAt(api, untouched, "0.1.0");
                assertEquals(1, store.path("helmRevision").asInt());
                assertEquals("CREATE", store.path("lastOperation").path("type").asText(), untouched + " untouched");
            }
            JsonNode haltedFleet = api.get("/api/fleet-upgrades/" + first).json();
            assertEquals("HALTED", haltedFleet.path("state").asText());
            assertEquals("fl-b", haltedFleet.path("haltedStore").asText(), "the fleet page shows this (FleetPageTest)");
            assertEquals(first, list(api.get("/api/fleet-upgrades").json().path("fleetUpgrades")).get(0)
                    .path("id").asLong());

            // The fault is gone: a new fleet upgrade from 0.1.0 takes the three stores still on it, to the end.
            cluster.faults().clear("store-fl-b_ecommerce-store-0.2.0");
            Api.Response rerun = api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.1.0\",\"toVersion\":\"0.2.0\"}");
            assertEquals(202, rerun.status(), rerun.raw().body());
            assertEquals(List.of(List.of("fl-b"), List.of("fl-c"), List.of("fl-d")), waveStores(rerun.json()));
            JsonNode done = awaitFinished(api, rerun.json().path("id").asLong());
            assertEquals("SUCCEEDED", done.path("state").asText(), done.toString());
            assertEquals(3, done.path("progress").path("succeeded").asInt());
            for (String id : STORES) {
                assertStoreAt(api, id, "0.2.0");
                assertNotNull(storeInfo(id));
            }
            assertEquals(2, list(api.get("/api/fleet-upgrades").json().path("fleetUpgrades")).size());
        } finally {
            cluster.faults().clear("store-fl-b_ecommerce-store-0.2.0");
        }
    }

    private static void refusesBadRequests(Api api) {
        assertEquals(404, api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.1.0\",\"toVersion\":\"9.9.9\"}")
                .status());
        assertEquals(400, api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.2.0\",\"toVersion\":\"0.2.0\"}")
                .status());
        assertEquals(400, api.postJson("/api/fleet-upgrades", "{\"toVersion\":\"0.2.0\"}").status());
        Api.Response none = api.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.0.1\",\"toVersion\":\"0.2.0\"}");
        assertEquals(409, none.status());
        assertTrue(none.json().path("message").asText().contains("No READY store runs chart 0.0.1"),
                none.raw().body());
        assertEquals(404, api.get("/api/fleet-upgrades/42").status());
        assertEquals(404, api.get("/api/fleet-upgrades/not-a-number").status());
        assertEquals(0, list(api.get("/api/fleet-upgrades").json().path("fleetUpgrades")).size(), "nothing started");
    }

    private static JsonNode awaitFinished(Api api, long id) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> !"RUNNING".equals(api.get("/api/fleet-upgrades/" + id).json().path("state").asText()));
        return api.get("/api/fleet-upgrades/" + id).json();
    }

    private static JsonNode assertStoreAt(Api api, String id, String chartVersion) {
        JsonNode store = api.get("/api/stores/" + id).json();
        assertEquals("READY", store.path("state").asText(), store.toString());
        assertEquals(chartVersion, store.path("chartVersion").asText(), store.toString());
        return store;
    }

    private ConfigMap storeInfo(String id) {
        return cluster.client().configMaps().inNamespace("store-" + id).withName("urumi-" + id + "-store-info").get();
    }

    private static List<List<String>> waveStores(JsonNode fleet) {
        return list(fleet.path("waves")).stream()
                .map(w -> list(w.path("stores")).stream().map(s -> s.path("store").asText()).toList()).toList();
    }

    private static List<List<String>> storeStatuses(JsonNode fleet) {
        return list(fleet.path("waves")).stream()
                .map(w -> list(w.path("stores")).stream().map(s -> s.path("status").asText()).toList()).toList();
    }

    private static List<String> waveStatuses(JsonNode fleet) {
        return list(fleet.path("waves")).stream().map(w -> w.path("status").asText()).toList();
    }



    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
