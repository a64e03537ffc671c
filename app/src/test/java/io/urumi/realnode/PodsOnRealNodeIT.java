package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shows on the real node what the simulator cannot: a locally built image really runs, as a non-root uid with a
 * read-only root and no capabilities; its readiness probe really gates it; the cluster DNS and kube-proxy carry a
 * request from another pod by Service name; and its logs come from the kubelet through the API server.
 *
 * <p>Not shown here because this machine cannot: NetworkPolicies. No policy-enforcing CNI (Calico, Cilium,
 * kube-router) is packaged, so a store's policies are stored but not enforced on either kind of node; their fields are
 * checked where they are made (StoreObjects, GuardrailsIT, DriftIT). Pod Security admission does not exist in 1.20.
 */
class PodsOnRealNodeIT {
    private static final String NS = "real-pods";
    private static LocalCluster cluster;
    private static KubernetesClient client;
    private static String image;

    @BeforeAll
    static void startRealNode() {
        LocalCluster.assumeRealNode();
        cluster = LocalCluster.realNode();
        client = cluster.client();
        image = cluster.image("probe");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
    }

    @AfterAll
    static void deleteNamespace() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
        }
    }

    @Test
    void aPodRunsAsNonRootWithAReadOnlyRootAndNoCapabilitiesAndItsLogsAreReadable() {
        String script = "id -u; grep CapEff /proc/self/status; "
                + "if touch /written-to-root 2>/dev/null; then echo ROOT-WRITABLE; else echo root-is-read-only; fi; "
                + "echo hello-from-$HOSTNAME > /www/index.html; exec busybox httpd -f -p 8080 -h /www";
        createPod(webPod("web-1", script, "/index.html"));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> ready(client.pods().inNamespace(NS).withName("web-1").get()));
        String log = client.pods().inNamespace(NS).withName("web-1").getLog();
        List<String> lines = log.lines().toList();
        assertEquals("10001", lines.get(0), "the container ran as the pod's uid, not root: " + log);
        assertTrue(lines.get(1).matches("CapEff:\\s+0+"), "no effective capabilities: " + log);
        assertEquals("root-is-read-only", lines.get(2), "a write to the root file system failed: " + log);
        Pod pod = client.pods().inNamespace(NS).withName("web-1").get();
        assertTrue(pod.getStatus().getPodIP().startsWith("10.244.0."), "a real address on the pod bridge");
        assertEquals(Boolean.TRUE, pod.getStatus().getContainerStatuses().get(0).getStarted());
    }

    @Test
    void aFailingReadinessProbeKeepsARunningPodOutOfItsService() {
        createPod(webPod("unready-1", "exec busybox httpd -f -p 8080 -h /www", "/missing.html"));
        createService("unready", "unready-1");

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Pod pod = client.pods().inNamespace(NS).withName("unready-1").get();
            return pod.getStatus().getContainerStatuses().stream()
                    .anyMatch(s -> s.getState().getRunning() != null);
        });
        // The kubelet probes every 2 s: give it several chances to (wrongly) call the pod ready.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                .until(() -> !ready(client.pods().inNamespace(NS).withName("unready-1").get()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Endpoints e = client.endpoints().inNamespace(NS).withName("unready").get();
            return e != null && e.getSubsets().stream().anyMatch(s -> !s.getNotReadyAddresses().isEmpty());
        });
        Endpoints endpoints = client.endpoints().inNamespace(NS).withName("unready").get();
        assertTrue(endpoints.getSubsets().stream().allMatch(s -> s.getAddresses().isEmpty()),
                "a not-ready pod serves no traffic: " + endpoints.getSubsets());
    }

    @Test
    void anotherPodReachesAServiceByNameThroughTheClusterDns() {
        createPod(webPod("named-1", "echo hello-from-$HOSTNAME > /www/index.html; "
                + "exec busybox httpd -f -p 8080 -h /www", "/index.html"));
        createService("shop-web", "named-1");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> ready(client.pods().inNamespace(NS).withName("named-1").get()));

        Job job = client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder()
                .withNewMetadata().withName("fetch").endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(restricted(new ContainerBuilder().withName("fetch").withImage(image)
                        .withCommand("sh", "-c", "printf 'GET / HTTP/1.0\\r\\nHost: shop-web\\r\\n\\r\\n'"
                                + " | busybox nc -w 10 shop-web 80")))
                .endSpec().endTemplate().endSpec().build()).create();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Job j = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
            return j.getStatus() != null && (isPositive(j.getStatus().getSucceeded()) || isPositive(j.getStatus().getFailed()));
        });
        Pod fetcher = client.pods().inNamespace(NS).withLabel("job-name", "fetch").list().getItems().get(0);
        String log = client.pods().inNamespace(NS).withName(fetcher.getMetadata().getName()).getLog();
        assertTrue(log.startsWith("HTTP/1.1 200 OK"), log);
        assertEquals("hello-from-named-1", log.lines().reduce((first, second) -> second).orElse(""),
                "the Job's pod fetched the page through the Service name: " + log);
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean isPositive(Integer n) {
        return n != null && n > 0;
    }

    private static void createPod(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private static void createService(String name, String podName) {
        client.services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("pod", podName))
                .addNewPort().withPort(80).withNewTargetPort(8080).endPort()
                .endSpec().build()).create();
    }

    private static Pod webPod(String name, String script, String readinessPath) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("pod", name)).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(restricted(new ContainerBuilder().withName("web").withImage(image)
                        .withCommand("sh", "-c", script)
                        .addNewPort().withContainerPort(8080).endPort()
                        .addNewVolumeMount().withName("www").withMountPath("/www").endVolumeMount()
                        .withNewReadinessProbe().withNewHttpGet().withPath(readinessPath).withNewPort(8080).endHttpGet()
                        .withPeriodSeconds(2).withFailureThreshold(1).endReadinessProbe()))
                .addNewVolume().withName("www").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
    }

    /** The Pod Security "restricted" container fields, as every store container has them. */
    private static Container restricted(ContainerBuilder container) {
        return container.withImagePullPolicy("Never")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true).withRunAsUser(10001L)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi"))
                .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("200m")).endResources()
                .build();
    }
}
