package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows how far a WooCommerce store gets on this machine's real node, and that it says where it stops: the database
 * initialises its empty volume as its non-root user with a read-only root, WordPress answers through the store's
 * own address and to the chart's Helm test, and the setup Job fails at its WP-CLI step (WP-CLI and WooCommerce cannot
 * be had without internet) with that reason, not a pretended success. The rest of the WooCommerce lifecycle is shown on the simulated node.
 */
class WooCommerceOnRealNodeIT {
    private static final String STORE = "real-woo";
    @TempDir
    Path data;

    @Test
    void wordPressAndItsDatabaseRunForRealAndTheSetupStopsAtWpCliSayingWhy() throws Exception {
        LocalCluster.assumeRealNode();
        LocalCluster cluster = LocalCluster.realNode();
        KubernetesClient kube = cluster.client();
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of("URUMI_STORE_VALUES",
                cluster.storeValues(), "URUMI_BASE_DOMAIN", "localhost", "URUMI_NAMESPACE_DELETE_TIMEOUT_SECONDS", "300", "URUMI_PROVISIONING_TIMEOUT_SECONDS", "300"))) {
            Api api = platform.api();
            assertEquals(202, api.createStore(STORE, "woocommerce").status());
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !"PROVISIONING".equals(api.state(STORE)));

            JsonNode store = api.get("/api/stores/" + STORE).json();
            assertEquals("FAILED", store.path("state").asText(), store.toPrettyString());
            assertEquals("setup-job", store.path("failure").path("step").asText());
            String reason = store.path("failure").path("reason").asText();
            assertTrue(reason.contains("wp-cli is not available in this local stand-in image (no internet to fetch it)"),
                    "the reason names where this machine stops: " + reason);

            // The setup Job needs only the files and the database, so it can fail before the web server's
            // readiness probe has passed for the first time: give the probe its own minute.
            String ns = "store-" + STORE;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (Pod pod : kube.pods().inNamespace(ns).withLabel("app.kubernetes.io/component").list().getItems()) {
                    if ("setup".equals(pod.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
                        continue;
                    }
                    assertTrue(pod.getStatus().getContainerStatuses().stream()
                            .allMatch(c -> c.getReady() && c.getContainerID().startsWith("containerd://")),
                            pod.getMetadata().getName() + " runs a real, ready container: " + pod.getStatus());
                }
            });
            PersistentVolumeClaim database = kube.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
                    .filter(c -> c.getMetadata().getName().contains("mysql")).findFirst().orElseThrow();
            Path volume = Path.of("/var/lib/urumi/volumes", database.getMetadata().getUid());
            try (var files = Files.walk(volume, 3)) {
                assertTrue(files.anyMatch(f -> uid(f) == 999), "the database initialised its empty volume as uid 999");
            }
            String site = PlatformOnRealNodeIT.httpGet(STORE + ".localhost", "/healthz");
            assertTrue(site.startsWith("HTTP/1.1 200"), "WordPress answers at the store's own address: " + site);

            // The chart's Helm test reaches WordPress for real, through its Service from a pod of its own. WordPress
            // answers, as a site whose setup never ran (it sends visitors to its installer), so the test fails and
            // says with which answer: a real HTTP status, not a connection failure (000).
            String release = "urumi-" + STORE;
            assertThrows(Exception.class, () -> Helm.test(release).withNamespace(ns)
                    .withKubeConfig(cluster.kubeconfig()).withTimeout(180).call());
            String testPod = kube.pods().inNamespace(ns).withLabel("job-name", release + "-test").list().getItems()
                    .stream().map(p -> p.getMetadata().getName()).findFirst().orElseThrow();
            String testLog = kube.pods().inNamespace(ns).withName(testPod).getLog();
            assertTrue(Pattern.compile("FAIL storefront: GET / answered HTTP [1-5][0-9][0-9] ").matcher(testLog).find(),
                    "the Helm test's request got a real answer from WordPress: " + testLog);

            assertEquals(202, api.delete("/api/stores/" + STORE).status());
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "DELETED".equals(api.state(STORE)));
            assertTrue(Files.notExists(volume), "its volume's directory is gone");
        }
    }

    private static int uid(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:uid");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
