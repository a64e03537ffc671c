package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Shows that a store goes from "create" to READY on a real control plane and back to nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreLifecycleIT {
    private final LocalCluster cluster = LocalCluster.get();
    private final KubernetesClient kube = cluster.client();
    @TempDir
    static Path data;
    private TestPlatform platform;
    private Api api;

    @BeforeAll
    void start() {
        platform = TestPlatform.start(cluster, data);
        api = platform.api();
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void aCreatedStoreBecomesReadyWithEveryObjectInPlaceAndDeletionLeavesOnlyATombstone() {
        Api.Response created = api.createStore("life-shop");
        assertEquals(202, created.status(), created.raw().body());
        assertEquals("/api/stores/life-shop", created.header("Location"));
        assertEquals("PROVISIONING", created.json().path("state").asText());

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> !"PROVISIONING".equals(api.state("life-shop")));
        JsonNode store = api.get("/api/stores/life-shop").json();
        assertEquals("READY", store.path("state").asText(), store.toString());
        assertEquals("woocommerce", store.path("engine").asText());
        assertEquals("http://life-shop.127.0.0.1.nip.io", store.path("url").asText());
        assertEquals(io.urumi.support.Repo.currentChartVersion(), store.path("chartVersion").asText());
        assertEquals(1, store.path("helmRevision").asInt());
        assertTrue(store.path("provisioningSeconds").asDouble() > 0);
        assertTrue(store.path("failure").isNull());

        String ns = "store-life-shop";
        Map<String, String> labels = kube.namespaces().withName(ns).get().getMetadata().getLabels();
        assertEquals("urumi", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("life-shop", labels.get("urumi.io/store"));
        assertLabelled(kube.resourceQuotas().inNamespace(ns).withName("store-quota").get());
        assertLabelled(kube.limitRanges().inNamespace(ns).withName("store-limits").get());
        List<String> policies = kube.network().v1().networkPolicies().inNamespace(ns).list().getItems().stream()
                .peek(StoreLifecycleIT::assertLabelled).map(p -> p.getMetadata().getName()).sorted().toList();
        assertEquals(List.of("allow-dns", "allow-ingress-controller", "allow-same-namespace", "allow-setup-internet",
                "default-deny"), policies);
        Secret credentials = kube.secrets().inNamespace(ns).withName("store-credentials").get();
        assertLabelled(credentials);
        assertEquals(List.of("admin-password", "admin-user", "cookie-secret", "db-password", "db-root-password",
                "jwt-secret"), credentials.getData().keySet().stream().sorted().toList());
        // Helm stamps managed-by=Helm on the objects of a release (its adoption mark), so chart objects are
        // recognised by the store label; the setup Job is a hook, which Helm leaves as rendered.
        List<HasMetadata> chartObjects = new java.util.ArrayList<>();
        chartObjects.addAll(kube.apps().deployments().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.apps().statefulSets().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.services().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.persistentVolumeClaims().inNamespace(ns).list().getItems());
        chartObjects.addAll(kube.network().v1().ingresses().inNamespace(ns).list().getItems());
        assertTrue(chartObjects.size() >= 6, "deployment, statefulset, services, PVCs and ingress exist");
        chartObjects.forEach(o -> assertEquals("life-shop", o.getMetadata().getLabels().get("urumi.io/store"),
                o.getKind() + " " + o.getMetadata().getName()));

        Release release = Helm.status("urumi-life-shop").withNamespace(ns).withKubeConfig(cluster.kubeconfig()).call();
        assertEquals("deployed", release.getStatus());
        assertEquals("1", release.getRevision().trim());

        List<Job> setup = kube.batch().v1().jobs().inNamespace(ns)
                .withLabel("app.kubernetes.io/component", "setup").list().getItems();
        assertEquals(1, setup.size());
        assertLabelled(setup.get(0));
        assertEquals(1, setup.get(0).getStatus().getSucceeded());

        List<String> doneSteps = StreamSupport.stream(api.get("/api/stores/life-shop/events").json()
                        .path("events").spliterator(), false)
                .filter(e -> "DONE".equals(e.path("status").asText())).map(e -> e.path("step").asText()).toList();
        assertEquals(List.of("requested", "namespace", "access", "quota", "network-policy", "credentials", "release",
                "setup-job", "release-test", "ready"), doneSteps);
        String setupMessage = StreamSupport.stream(api.get("/api/stores/life-shop/events").json()
                        .path("events").spliterator(), false)
                .filter(e -> "setup-job".equals(e.path("step").asText()) && "DONE".equals(e.path("status").asText()))
                .map(e -> e.path("message").asText()).findFirst().orElseThrow();
        assertTrue(setupMessage.contains("simulated node: no container ran, so nothing was installed"),
                "a simulated setup never reads as an installed store: " + setupMessage);
        api.assertRanAsPlanned("life-shop");

        Api.Response deleting = api.delete("/api/stores/life-shop");
        assertEquals(202, deleting.status(), deleting.raw().body());
        assertEquals("DELETING", deleting.json().path("state").asText());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> "DELETED".equals(api.state("life-shop")));
        assertNull(kube.namespaces().withName(ns).get());
        api.assertRanAsPlanned("life-shop");
        assertTrue(kube.secrets().inAnyNamespace().withLabel("name", "urumi-life-shop").list().getItems().isEmpty(),
                "no Helm release record is left");
        JsonNode tombstone = api.get("/api/stores/life-shop").json();
        assertNotNull(tombstone.path("deletedAt").asText(null));
        assertTrue(StreamSupport.stream(api.get("/api/stores").json().path("stores").spliterator(), false)
                .noneMatch(s -> "life-shop".equals(s.path("id").asText())), "deleted stores leave the default list");
    }

    private static void assertLabelled(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        assertEquals("urumi", labels.get("app.kubernetes.io/managed-by"), object.getMetadata().getName());
        assertEquals("life-shop", labels.get("urumi.io/store"), object.getMetadata().getName());
    }
}
