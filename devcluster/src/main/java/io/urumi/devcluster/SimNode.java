package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated Node: what a kubelet would register, kept Ready and schedulable. */
final class SimNode {
    static final String NAME = "sim-node-1";
    static final String HOST_IP = "127.0.0.1";
    private static final String VERSION = "v1.20.2";
    private static final Set<String> BLOCKING_TAINTS =
            Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");
    private static final Logger LOG = LoggerFactory.getLogger(SimNode.class);

    private final KubernetesClient client;

    SimNode(KubernetesClient client) {
        this.client = client;
    }

    /** Registers the node if missing, then makes it Ready and untainted; safe to repeat. */
    void ensureReady() {
        var resource = client.nodes().withName(NAME);
        if (resource.get() == null) {
            try {
                client.nodes().resource(desired()).create();
                LOG.info("registered node {}", NAME);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        // The TaintNodesByCondition admission plugin adds not-ready to every new node; the node
        // lifecycle controller is off, so nothing else would ever lift it.
        Node node = resource.get();
        if (hasBlockingTaint(node)) {
            resource.edit(n -> new NodeBuilder(n).editSpec()
                    .withTaints(n.getSpec().getTaints().stream().filter(t -> !isBlocking(t)).toList())
                    .endSpec().build());
            LOG.info("removed not-ready taint from node {}", NAME);
        }
        // Status is written on every start: the fresh heartbeat tells scripts this simulator is up.
        resource.editStatus(n -> new NodeBuilder(n).withStatus(status()).build());
        LOG.info("node {} is Ready", NAME);
    }

    /** True when the node would not take pods: missing, not Ready, or tainted not-ready. */
    static boolean needsRepair(Node node) {
        return node == null || hasBlockingTaint(node) || node.getStatus() == null
                || node.getStatus().getConditions().stream().noneMatch(
                        c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean hasBlockingTaint(Node node) {
        return node.getSpec().getTaints() != null && node.getSpec().getTaints().stream().anyMatch(SimNode::isBlocking);
    }

    private static boolean isBlocking(Taint taint) {
        return BLOCKING_TAINTS.contains(taint.getKey());
    }

    private static Node desired() {
        return new NodeBuilder()
                .withNewMetadata().withName(NAME).withLabels(Map.of(
                        "kubernetes.io/hostname", NAME,
                        "kubernetes.io/os", "linux",
                        "kubernetes.io/arch", "amd64",
                        "urumi.io/simulated", "true"))
                .endMetadata()
                .withStatus(status())
                .build();
    }

    private static NodeStatus status() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity("64"),
                "memory", new Quantity("256Gi"),
                "pods", new Quantity("1000"),
                "ephemeral-storage", new Quantity("500Gi"));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(
                        condition("Ready", "True", "KubeletReady", "simulated kubelet is posting ready status", now),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", now),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", now),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "", now))
                .addNewAddress().withType("InternalIP").withAddress(HOST_IP).endAddress()
                .addNewAddress().withType("Hostname").withAddress(NAME).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withOsImage("Urumi node simulator")
                .withKernelVersion(System.getProperty("os.version"))
                .withContainerRuntimeVersion("sim://1.0")
                .withKubeletVersion(VERSION)
                .withKubeProxyVersion(VERSION)
                .withMachineID("urumi-sim-node-1")
                .withSystemUUID("urumi-sim-node-1")
                .withBootID("urumi-sim-node-1")
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now) {
        return new NodeConditionBuilder()
                .withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(now)
                .build();
    }
}
