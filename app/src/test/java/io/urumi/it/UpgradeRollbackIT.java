package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * Shows upgrade and rollback through Helm history: stores made by a platform that shipped chart 0.1.0 are moved to
 * the current chart by a later platform, rolled back to 0.1.0 even though that platform no longer ships it, and a failing
 * upgrade is rolled back automatically.
 */
class UpgradeRollbackIT {
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String CURRENT = Repo.currentChartVersion();
    private final LocalCluster cluster = LocalCluster.get();
    private final KubernetesClient kube = cluster.client();
    @TempDir
    Path data;
    @TempDir
    Path oldChart;

    @Test
    void storesMoveBetweenChartVersionsAndBackWithEveryRevisionRecorded() throws Exception {
        // The platform as it was when it shipped 0.1.0: the published package is its chart.
        Path chart010 = Repo.unpackPublishedChart("0.1.0", oldChart);
        try (TestPlatform old = TestPlatform.start(cluster, data, Map.of(
                "URUMI_CHART_DIR", chart010.toString(), "URUMI_CHART_CATALOG_DIR", oldChart.resolve("none").toString()))) {
            assertEquals(202, old.api().createStore("up-a").status());
            assertEquals(202, old.api().createStore("up-b").status());
            old.api().awaitState("up-a", "READY");
            old.api().awaitState("up-b", "READY");
        }

        // The platform has moved on: it ships the current chart and keeps no copy of 0.1.0, so rollback must come from Helm's
        // own release record. History is bounded to 3 revisions.
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of(
                "URUMI_CHART_CATALOG_DIR", oldChart.resolve("none").toString(), "URUMI_HELM_HISTORY_MAX", "3"))) {
            Api api = platform.api();
            assertEquals("0.1.0", api.get("/api/stores/up-a").json().path("chartVersion").asText());
            assertEquals(List.of(CURRENT), texts(api.get("/api/charts").json().path("versions")));

            refusesBadRequests(api);

            JsonNode preview = api.get("/api/stores/up-a/upgrade-preview?chartVersion=" + CURRENT).json();
            String previewManifest = preview.path("manifest").asText();
            assertTrue(previewManifest.contains("+  name: urumi-up-a-store-info"), previewManifest);
            assertTrue(previewManifest.contains("-    helm.sh/chart: ecommerce-store-0.1.0")
                    && previewManifest.contains("+    helm.sh/chart: ecommerce-store-" + CURRENT), previewManifest);
            assertEquals("", preview.path("values").asText(), "the platform passes the same values to the current chart");
            assertEquals(1, api.get("/api/stores/up-a").json().path("helmRevision").asInt(), "a preview changes nothing");
            assertNull(storeInfo("up-a"));
            assertEquals(404, api.get("/api/stores/up-a/upgrade-preview?chartVersion=9.9.9").status());
            assertEquals(400, api.get("/api/stores/up-a/upgrade-preview").status());

            assertEquals(202, api.postJson("/api/stores/up-a/upgrade", "{\"chartVersion\":\"" + CURRENT + "\"}").status());
            Api.Response busy = api.postJson("/api/stores/up-a/rollback", "{\"revision\":1}");
            assertEquals(409, busy.status(), "one operation per store at a time: " + busy.raw().body());
            api.awaitState("up-a", "READY");
            JsonNode upgraded = api.get("/api/stores/up-a").json();
            assertEquals(CURRENT, upgraded.path("chartVersion").asText());
            assertEquals(2, upgraded.path("helmRevision").asInt());
            assertNotNull(storeInfo("up-a"), "0.2.0 and later add the store-info ConfigMap");
            assertEquals(CURRENT, storeInfo("up-a").getData().get("chartVersion"));
            assertEquals("PASSED", upgraded.path("releaseTest").path("outcome").asText(), upgraded.toString());
            String firstTestRun = testJob("up-a").getMetadata().getUid();

            assertEquals(202, api.postJson("/api/stores/up-a/rollback", "{\"revision\":1}").status());
            api.awaitState("up-a", "READY");
            JsonNode rolledBack = api.get("/api/stores/up-a").json();
            assertEquals("0.1.0", rolledBack.path("chartVersion").asText());
            assertEquals(3, rolledBack.path("helmRevision").asInt());
            assertNull(storeInfo("up-a"), "0.1.0's objects are back: no store-info ConfigMap");
            assertEquals("ecommerce-store-0.1.0", kube.apps().deployments().inNamespace("store-up-a").list()
                    .getItems().get(0).getMetadata().getLabels().get("helm.sh/chart"));

            List<JsonNode> history = list(api.get("/api/stores/up-a/revisions").json().path("revisions"));
            assertEquals(List.of(1, 2, 3), history.stream().map(r -> r.path("revision").asInt()).toList());
            assertEquals(List.of("Install", "Upgrade to " + CURRENT, "Rollback to 1"),
                    history.stream().map(r -> r.path("description").asText()).toList());
            assertEquals(List.of("0.1.0", CURRENT, "0.1.0"),
                    history.stream().map(r -> r.path("chartVersion").asText()).toList());
            assertEquals(List.of("superseded", "superseded", "deployed"),
                    history.stream().map(r -> r.path("status").asText()).toList());
            assertTrue(history.stream().allMatch(r -> "admin".equals(r.path("requestedBy").asText())));
            assertEquals("Rollback to 1", helmDescription("up-a", 3));
            String diff = api.get("/api/stores/up-a/revisions/diff?from=2&to=3").json().path("manifest").asText();
            assertTrue(diff.contains("-  name: urumi-up-a-store-info"), "rollback removed what the current chart added: " + diff);
            assertEquals(400, api.get("/api/stores/up-a/revisions/diff?from=x&to=2").status());

            // One more upgrade: revision 4; the history bound (3) removes revision 1 from Helm.
            assertEquals(202, api.postJson("/api/stores/up-a/upgrade", "{\"chartVersion\":\"" + CURRENT + "\"}").status());
            api.awaitState("up-a", "READY");
            assertEquals(List.of(2, 3, 4), helmRevisions("up-a"));
            JsonNode again = api.get("/api/stores/up-a").json();
            assertEquals("PASSED", again.path("releaseTest").path("outcome").asText(), again.toString());
            assertNotEquals(firstTestRun, testJob("up-a").getMetadata().getUid(),
                    "the test ran again in a new Job: the previous run's Job was deleted first (before-hook-creation)");
            Api.Response pruned = api.postJson("/api/stores/up-a/rollback", "{\"revision\":1}");
            assertEquals(404, pruned.status(), pruned.raw().body());
            assertTrue(pruned.json().path("message").asText().contains("no longer kept"));

            // A failing upgrade: the current chart's setup job fails, the store is rolled back and keeps serving.
            cluster.faults().setForChart("store-up-b", "ecommerce-store-" + CURRENT, Fault.FAIL_JOBS);
            assertEquals(202, api.postJson("/api/stores/up-b/upgrade", "{\"chartVersion\":\"" + CURRENT + "\"}").status());
            await().atMost(LONG).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.get("/api/stores/up-b").json().path("lastOperation")
                            .path("status").asText()));
            JsonNode failed = api.get("/api/stores/up-b").json();
            assertEquals("READY", failed.path("state").asText(), failed.toString());
            assertEquals("0.1.0", failed.path("chartVersion").asText());
            assertEquals(3, failed.path("helmRevision").asInt());
            String error = failed.path("lastOperation").path("error").asText();
            assertTrue(error.contains("rolled back to revision 1") && error.contains("setup job failed"), error);
            api.assertRanAsPlanned("up-b");
            assertEquals(List.of("Install", "Upgrade to " + CURRENT, "Rollback to 1"),
                    list(api.get("/api/stores/up-b/revisions").json().path("revisions")).stream()
                            .map(r -> r.path("description").asText()).toList());
            assertEquals("failed", list(api.get("/api/stores/up-b/revisions").json().path("revisions")).get(1)
                    .path("status").asText());
            assertNull(storeInfo("up-b"));
        } finally {
            cluster.faults().clear("store-up-b_ecommerce-store-" + CURRENT);
        }
    }

    private void refusesBadRequests(Api api) {
        Api.Response unknownVersion = api.postJson("/api/stores/up-a/upgrade", "{\"chartVersion\":\"9.9.9\"}");
        assertEquals(404, unknownVersion.status());
        assertTrue(unknownVersion.json().path("message").asText().contains(CURRENT), "lists what is available");
        assertEquals(400, api.postJson("/api/stores/up-a/upgrade", "{}").status());
        assertEquals(400, api.postJson("/api/stores/up-a/rollback", "{\"revision\":\"one\"}").status());
        assertEquals(404, api.postJson("/api/stores/up-a/rollback", "{\"revision\":7}").status());
        Api.Response current = api.postJson("/api/stores/up-a/rollback", "{\"revision\":1}");
        assertEquals(409, current.status());
        assertTrue(current.json().path("message").asText().contains("already at revision 1"));
        assertEquals(404, api.postJson("/api/stores/nope/upgrade", "{\"chartVersion\":\"" + CURRENT + "\"}").status());
        assertEquals(1, api.get("/api/stores/up-a").json().path("helmRevision").asInt(), "nothing changed");
    }

    private ConfigMap storeInfo(String id) {
        return kube.configMaps().inNamespace("store-" + id).withName("urumi-" + id + "-store-info").get();
    }

    private List<Integer> helmRevisions(String id) {
        return kube.secrets().inNamespace("store-" + id).withLabel("owner", "helm").list().getItems().stream()
                .map(s -> Integer.parseInt(s.getMetadata().getLabels().get("version"))).sorted().toList();
    }

    private String helmDescription(String id, int revision) {
        return com.marcnuri.helm.Helm.history("urumi-" + id).withNamespace("store-" + id)
                .withKubeConfig(cluster.kubeconfig()).call().stream()
                .filter(h -> h.getRevision() == revision).findFirst().orElseThrow().getDescription();
    }



    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** The Job the chart's Helm test runs in; it stays after a run until the next one replaces it. */
    private Job testJob(String store) {
        Job job = kube.batch().v1().jobs().inNamespace("store-" + store).withName("urumi-" + store + "-test").get();
        assertNotNull(job, "the Helm test Job of " + store);
        return job;
    }

    private static List<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }
}
