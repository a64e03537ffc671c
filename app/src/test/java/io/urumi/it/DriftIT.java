package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows drift between a store's release and its live objects found, shown on the API and the page, and repaired; and
 * a release removed behind the platform's back failing its store (by the periodic check) until Retry reinstalls it.
 */
class DriftIT {
    private static final String ID = "drift-shop";
    private static final String NS = "store-" + ID;
    private static final String WEB = "urumi-" + ID + "-wordpress";
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void driftIsShownAndRepairedAndAReleaseRemovedOutsideUrumiFailsTheStoreUntilRetried() {
        try (TestPlatform platform = TestPlatform.start(cluster, data,
                Map.of("URUMI_RELEASE_CHECK_INTERVAL_SECONDS", "2"))) {
            Api api = platform.api();
            KubernetesClient k8s = cluster.client();
            assertEquals(202, api.createStore(ID).status());
            api.awaitState(ID, "READY");
            String password = api.postJson("/api/stores/" + ID + "/credentials", "").json().path("adminPassword")
                    .asText();

            // The periodic check finds a fresh store as deployed, and the platform's own restart is no drift either.
            JsonNode clean = awaitCurrentCheck(api);
            assertEquals(0, clean.path("total").asInt(), clean.toString());
            assertEquals(202, api.postJson("/api/stores/" + ID + "/restart", "").status());
            api.awaitLastOperation(ID, "RESTART");
            assertEquals(0, checkNow(api).path("total").asInt());

            Deployment web = k8s.apps().deployments().inNamespace(NS).withName(WEB).get();
            String image = web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            k8s.apps().deployments().inNamespace(NS).withName(WEB).edit(d -> {
                d.getSpec().setReplicas(3);
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("wordpress:drifted");
                return d;
            });
            String service = "urumi-" + ID + "-web";
            k8s.services().inNamespace(NS).withName(service).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> k8s.services().inNamespace(NS).withName(service)
                    .get() == null);
            // The platform's guard rails are outside the release, and count as much: a loosened quota, and the
            // deny-by-default policy gone (the store is no longer isolated).
            k8s.resourceQuotas().inNamespace(NS).withName("store-quota").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"hard\":{\"pods\":\"500\"}}}"); // a merge patch: no race with the quota controller
            k8s.network().v1().networkPolicies().inNamespace(NS).withName("default-deny").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> k8s.network().v1().networkPolicies().inNamespace(NS)
                    .withName("default-deny").get() == null);

            JsonNode drift = checkNow(api);
            List<String> found = new ArrayList<>();
            drift.path("differences").forEach(d -> found.add(d.path("kind").asText() + " " + d.path("name").asText()
                    + " " + d.path("change").asText() + " " + d.path("path").asText() + " "
                    + d.path("manifest").asText() + " -> " + d.path("live").asText()));
            assertEquals(List.of(
                    "Service " + service + " MISSING  null -> null",
                    "Deployment " + WEB + " CHANGED spec.replicas 1 -> 3",
                    "Deployment " + WEB + " CHANGED spec.template.spec.containers[wordpress].image " + image
                            + " -> wordpress:drifted",
                    "ResourceQuota store-quota CHANGED spec.hard.pods 10 -> 500",
                    "NetworkPolicy default-deny MISSING  null -> null"), found);
            assertEquals(5, drift.path("total").asInt());
            JsonNode summary = api.get("/api/stores/" + ID).json().path("drift");
            assertEquals(5, summary.path("differences").asInt(), summary.toString());
            assertTrue(summary.path("current").asBoolean());
            assertTrue(api.get("/metrics").raw().body().contains("\nurumi_stores_drifted 1.0"), "the drift gauge");

            String page = Api.browser(platform.port(), "admin", TestPlatform.ADMIN_PASSWORD).get("/stores/" + ID)
                    .raw().body();
            assertTrue(page.contains("5 difference(s)"), page);
            assertTrue(page.contains("spec.replicas") && page.contains("wordpress:drifted")
                    && page.contains("missing from the cluster"), page);
            assertTrue(page.contains("/stores/" + ID + "/repair"), "Repair is offered");
            assertFalse(page.contains(password) || drift.toString().contains(password), "no secret is shown");

            assertEquals(202, api.postJson("/api/stores/" + ID + "/repair", "").status());
            api.awaitLastOperation(ID, "REPAIR");
            assertEquals("READY", api.state(ID));
            JsonNode repaired = api.get("/api/stores/" + ID + "/drift").json();
            assertTrue(repaired.path("current").asBoolean(), repaired.toString());
            assertEquals(0, repaired.path("total").asInt(), repaired.toString());
            assertTrue(api.get("/metrics").raw().body().contains("\nurumi_stores_drifted 0.0"));
            assertNotNull(k8s.services().inNamespace(NS).withName(service).get(), "the Service is back");
            Deployment restored = k8s.apps().deployments().inNamespace(NS).withName(WEB).get();
            assertEquals(1, restored.getSpec().getReplicas());
            assertEquals(image, restored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            assertNotNull(k8s.network().v1().networkPolicies().inNamespace(NS).withName("default-deny").get(),
                    "the store is isolated again");
            assertEquals(new Quantity("10"), k8s.resourceQuotas().inNamespace(NS).withName("store-quota").get()
                    .getSpec().getHard().get("pods"));

            k8s.secrets().inNamespace(NS).withLabel("owner", "helm").withLabel("name", "urumi-" + ID).delete();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.state(ID)));
            JsonNode failure = api.get("/api/stores/" + ID).json().path("failure");
            assertEquals("release", failure.path("step").asText());
            assertTrue(failure.path("reason").asText().contains("removed outside Urumi")
                    && failure.path("reason").asText().contains("Retry reinstalls it"), failure.toString());

            assertEquals(202, api.postJson("/api/stores/" + ID + "/retry", "").status());
            api.awaitState(ID, "READY");
            api.assertRanAsPlanned(ID);
            assertEquals(0, awaitCurrentCheck(api).path("total").asInt());

            assertEquals(202, api.delete("/api/stores/" + ID).status());
            api.awaitState(ID, "DELETED");
        }
    }

    private static JsonNode checkNow(Api api) {
        Api.Response response = api.postJson("/api/stores/" + ID + "/drift", "");
        assertEquals(200, response.status(), response.raw().body());
        return response.json();
    }

    /** Waits for the periodic check at the store's current revision. */
    private static JsonNode awaitCurrentCheck(Api api) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/stores/" + ID + "/drift").json().path("current").asBoolean());
        return api.get("/api/stores/" + ID + "/drift").json();
    }
}
