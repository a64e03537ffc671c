package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.Repo;
import io.urumi.support.TestPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that a Medusa store lives the same life as a WooCommerce one on a real control plane: created to READY with
 * PostgreSQL, Redis and the server in place, upgraded to the next chart release, rolled back, deleted without a
 * trace; and that a failing Medusa setup Job leaves a FAILED store that says why.
 */
class MedusaStoreIT {
    private static final String CURRENT = Repo.currentChartVersion();
    /** The next release of the chart, made from the current one, as the platform would ship it. */
    private static final String NEXT = "0.99.0";
    private final LocalCluster cluster = LocalCluster.get();
    private final KubernetesClient kube = cluster.client();
    @TempDir
    Path data;
    @TempDir
    Path charts;

    @Test
    void aMedusaStoreIsCreatedUpgradedRolledBackAndDeletedAndAFailingSetupEndsFailedWithItsReason() throws Exception {
        cluster.faults().set("store-med-fail", Fault.FAIL_JOBS);
        try {
            try (TestPlatform platform = TestPlatform.start(cluster, data)) {
                Api api = platform.api();
                assertEquals(202, api.createStore("med-life", "medusa").status());
                assertEquals(202, api.createStore("med-fail", "medusa").status());
                api.awaitState("med-life", "READY");
                assertReadyWithEveryMedusaObject(api, "med-life");
                api.assertRanAsPlanned("med-life");

                api.awaitState("med-fail", "FAILED");
                JsonNode failure = api.get("/api/stores/med-fail").json().path("failure");
                assertEquals("setup-job", failure.path("step").asText());
                assertTrue(failure.path("reason").asText().contains("setup job failed"), failure.toString());
                assertEquals(202, api.delete("/api/stores/med-fail").status());
                api.awaitState("med-fail", "DELETED");
            }

            // The platform moves on to the next chart release and keeps the current one packaged in its catalog.
            Path next = nextRelease();
            try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of(
                    "URUMI_CHART_DIR", next.toString(), "URUMI_CHART_CATALOG_DIR", catalog().toString()))) {
                Api api = platform.api();
                Api.Response refused = api.postJson("/api/stores/med-life/upgrade", "{\"chartVersion\":\"0.2.0\"}");
                assertEquals(409, refused.status(), "0.2.0 has no Medusa: " + refused.raw().body());

                assertEquals(202, api.postJson("/api/stores/med-life/upgrade",
                        "{\"chartVersion\":\"" + NEXT + "\"}").status());
                api.awaitState("med-life", "READY");
                JsonNode upgraded = api.get("/api/stores/med-life").json();
                assertEquals(NEXT, upgraded.path("chartVersion").asText());
                assertEquals(2, upgraded.path("helmRevision").asInt());
                assertEquals("ecommerce-store-" + NEXT, serverChartLabel("med-life"));
                assertEquals(1, setupJob("med-life").getStatus().getSucceeded(), "the setup re-ran on upgrade");
                api.assertRanAsPlanned("med-life");

                assertEquals(202, api.postJson("/api/stores/med-life/rollback", "{\"revision\":1}").status());
                api.awaitState("med-life", "READY");
                JsonNode rolledBack = api.get("/api/stores/med-life").json();
                assertEquals(CURRENT, rolledBack.path("chartVersion").asText());
                assertEquals(3, rolledBack.path("helmRevision").asInt());
                assertEquals("ecommerce-store-" + CURRENT, serverChartLabel("med-life"));
                api.assertRanAsPlanned("med-life");
                assertEquals(List.of("Install", "Upgrade to " + NEXT, "Rollback to 1"),
                        list(api.get("/api/stores/med-life/revisions").json().path("revisions")).stream()
                                .map(r -> r.path("description").asText()).toList());

                assertEquals(202, api.delete("/api/stores/med-life").status());
                api.awaitState("med-life", "DELETED");
                assertNull(kube.namespaces().withName("store-med-life").get());
                assertTrue(kube.secrets().inAnyNamespace().withLabel("name", "urumi-med-life").list().getItems()
                        .isEmpty(), "no Helm release record is left");
            }
        } finally {
            cluster.faults().clear("store-med-fail");
        }
    }

    private void assertReadyWithEveryMedusaObject(Api api, String id) {
        JsonNode store = api.get("/api/stores/" + id).json();
        assertEquals("medusa", store.path("engine").asText());
        assertEquals(CURRENT, store.path("chartVersion").asText());
        assertEquals(1, store.path("helmRevision").asInt());
        String ns = "store-" + id;
        String release = "urumi-" + id;
        assertEquals(List.of(release + "-medusa", release + "-redis"), names(kube.apps().deployments()
                .inNamespace(ns).list().getItems()));
        assertEquals(List.of(release + "-postgres"), names(kube.apps().statefulSets().inNamespace(ns).list()
                .getItems()));
        assertEquals(List.of(release + "-postgres", release + "-postgres-headless", release + "-redis",
                release + "-web"), names(kube.services().inNamespace(ns).list().getItems()));
        assertEquals(List.of("data-" + release + "-postgres-0", release + "-medusa-uploads"),
                names(kube.persistentVolumeClaims().inNamespace(ns).list().getItems()));
        assertEquals(release + "-web", kube.network().v1().ingresses().inNamespace(ns).withName(release).get()
                .getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName());
        assertEquals("medusa", kube.configMaps().inNamespace(ns).withName(release + "-store-info").get().getData()
                .get("engine"));
        assertTrue(kube.secrets().inNamespace(ns).withName("store-credentials").get().getData().keySet()
                .containsAll(List.of("admin-password", "db-password", "jwt-secret", "cookie-secret")));
        assertEquals(1, setupJob(id).getStatus().getSucceeded());

        List<HasMetadata> chartObjects = new ArrayList<>();
        chartObjects.addAll(kube.apps().deployments().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.apps().statefulSets().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.services().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.persistentVolumeClaims().inNamespace(ns).list().getItems());
        chartObjects.add(setupJob(id));
        chartObjects.forEach(o -> assertEquals(id, o.getMetadata().getLabels().get("urumi.io/store"),
                o.getKind() + " " + o.getMetadata().getName()));
        assertEquals(List.of("allow-dns", "allow-ingress-controller", "allow-same-namespace", "allow-setup-internet",
                "default-deny"), names(kube.network().v1().networkPolicies().inNamespace(ns).list().getItems()));
        assertEquals("deployed", Helm.status(release).withNamespace(ns).withKubeConfig(cluster.kubeconfig()).call()
                .getStatus());
    }

    private Job setupJob(String id) {
        return kube.batch().v1().jobs().inNamespace("store-" + id).withName("urumi-" + id + "-setup").get();
    }

    private String serverChartLabel(String id) {
        return kube.apps().deployments().inNamespace("store-" + id).withName("urumi-" + id + "-medusa").get()
                .getMetadata().getLabels().get("helm.sh/chart");
    }

    /** A copy of the current chart as version {@link #NEXT}. */
    private Path nextRelease() throws IOException {
        return Repo.copyCurrentChartAs(NEXT, charts.resolve("next"));
    }

    /** The published versions plus the current one, packaged: what the next platform's catalog holds. */
    private Path catalog() throws IOException {
        Path catalog = Files.createDirectories(charts.resolve("catalog"));
        try (Stream<Path> published = Files.list(Repo.root().resolve("charts/catalog"))) {
            for (Path tgz : published.toList()) {
                Files.copy(tgz, catalog.resolve(tgz.getFileName()));
            }
        }
        new Helm(Repo.root().resolve("charts/ecommerce-store")).packageIt().withDestination(catalog).call();
        return catalog;
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
