package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.chart.PlatformChart;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows the platform installed by its own chart with values-local.yaml into the local cluster with a real node: its
 * image built here from the repository's Dockerfile runs, becomes Ready, answers through its Service and its
 * Ingress, and, acting in-cluster under its own ServiceAccount, provisions a store whose pods really run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformOnRealNodeIT {
    private static final String NAMESPACE = PlatformChart.NAMESPACE;
    private static final String RELEASE = PlatformChart.RELEASE;
    private LocalCluster cluster;
    private KubernetesClient client;
    private String image;
    @TempDir
    static Path work;

    @BeforeAll
    void installThePlatformChart() throws IOException {
        LocalCluster.assumeRealNode();
        cluster = LocalCluster.realNode();
        client = cluster.client();
        image = cluster.image("platform");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).serverSideApply();
        Path values = work.resolve("real-node.yaml");
        Files.writeString(values, realNodeValues());

        long start = System.nanoTime();
        Release release = new Helm(PlatformChart.dir()).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(PlatformChart.values("local")).withValuesFile(values)
                .waitReady().withTimeout(300).withKubeConfig(cluster.kubeconfig()).call();
        System.out.printf("platform chart installed on the real node (%s) in %d ms%n", release.getStatus(),
                (System.nanoTime() - start) / 1_000_000);
        assertEquals("deployed", release.getStatus());
    }

    /**
     * values-local.yaml names the image urumi/platform:dev; here it is the one scripts/images.sh built, and stores get
     * the Medusa engine's images built here through the platform's storeValues (no registry serves the official ones).
     */
    private String realNodeValues() {
        return """
                image: %s
                platform:
                  baseDomain: localhost
                  storeValues: %s
                ingress:
                  host: urumi.localhost
                """.formatted(imageValues(image), cluster.storeValues());
    }

    private static String imageValues(String ref) {
        int colon = ref.lastIndexOf(':');
        return "{repository: %s, tag: \"%s\", pullPolicy: Never}".formatted(ref.substring(0, colon),
                ref.substring(colon + 1));
    }

    @AfterAll
    void uninstall() {
        if (client != null) {
            Helm.uninstall(RELEASE).withNamespace(NAMESPACE)
                    .withKubeConfig(cluster.kubeconfig()).call();
            client.namespaces().withName(NAMESPACE).delete();
        }
    }

    @Test
    void thePlatformPodRunsItsImageAsItsNonRootUserAndAnswersThroughItsServiceAndIngress() throws IOException {
        Pod pod = client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", RELEASE).list()
                .getItems().get(0);
        assertEquals(image, pod.getSpec().getContainers().get(0).getImage());
        var status = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(status.getReady(), "Ready through its readiness probe");
        assertTrue(status.getImageID().startsWith("sha256:") || status.getImageID().contains("@sha256:"),
                "a real image id from containerd: " + status.getImageID());
        String log = client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).getLog();
        assertTrue(log.contains("\"message\""), "the platform's own JSON log lines, read from the kubelet: " + log);

        JsonNode health = Api.at(serviceUrl(), null, null).get("/health/ready").json();
        assertEquals("UP", health.path("database").asText(), health.toString());
        assertEquals("UP", health.path("cluster").asText(), "it reaches the API server in-cluster: " + health);
        assertEquals("yes", health.path("leader").asText(), "it leads through its Lease: " + health);

        String viaIngress = httpGet("urumi.localhost", "/health/ready");
        assertTrue(viaIngress.startsWith("HTTP/1.1 200"), viaIngress);
    }

    @Test
    void theInClusterPlatformSignsInItsAdmin() {
        Api api = Api.at(serviceUrl(), "admin", adminPassword());
        assertEquals(200, api.get("/api/stores").status());
    }

    @Test
    void aMedusaStoreCreatedThroughTheInClusterPlatformRunsOnRealPodsAndIsDeletedLeavingNothing() {
        Api api = Api.at(serviceUrl(), "admin", adminPassword());
        long start = System.nanoTime();
        Api.Response created = api.postJson("/api/stores",
                "{\"name\":\"real-shop\",\"engine\":\"medusa\",\"adminEmail\":\"owner@example.com\"}");
        assertEquals(202, created.status(), created.raw().body());

        await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !"PROVISIONING".equals(api.state("real-shop")));
        JsonNode store = api.get("/api/stores/real-shop").json();
        assertEquals("READY", store.path("state").asText(), store.toPrettyString());
        System.out.printf("medusa store READY on the real node through the in-cluster platform in %d s%n",
                (System.nanoTime() - start) / 1_000_000_000);
        for (Pod pod : client.pods().inNamespace("store-real-shop").list().getItems()) {
            pod.getStatus().getContainerStatuses().forEach(c -> assertTrue(
                    c.getContainerID() != null && c.getContainerID().startsWith("containerd://"),
                    pod.getMetadata().getName() + " ran a real container: " + c));
        }
        // The local provisioner keeps each volume in a directory named after its claim's uid.
        java.util.List<Path> volumeDirs = client.persistentVolumeClaims().inNamespace("store-real-shop").list()
                .getItems().stream().map(c -> Path.of("/var/lib/urumi/volumes", c.getMetadata().getUid())).toList();
        assertTrue(!volumeDirs.isEmpty() && volumeDirs.stream().allMatch(Files::isDirectory),
                "the store keeps its data on volumes on this machine: " + volumeDirs);

        assertEquals(202, api.delete("/api/stores/real-shop").status());
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .until(() -> "DELETED".equals(api.state("real-shop")));
        assertNull(client.namespaces().withName("store-real-shop").get(), "the namespace is gone");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                client.persistentVolumes().list().getItems().stream()
                        .noneMatch(v -> v.getSpec().getClaimRef() != null
                                && "store-real-shop".equals(v.getSpec().getClaimRef().getNamespace())));
        assertTrue(volumeDirs.stream().allMatch(Files::notExists), "the volumes' directories are gone: " + volumeDirs);
    }

    private String serviceUrl() {
        return "http://" + client.services().inNamespace(NAMESPACE).withName(RELEASE).get().getSpec().getClusterIP();
    }

    private String adminPassword() {
        Map<String, String> data = client.secrets().inNamespace(NAMESPACE).withName(RELEASE + "-admin").get().getData();
        return new String(Base64.getDecoder().decode(data.get("password")), StandardCharsets.UTF_8);
    }

    /** A plain HTTP/1.1 GET to the local ingress on 127.0.0.1:80 for {@code host}, as a browser on this machine sends. */
    static String httpGet(String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 80)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
