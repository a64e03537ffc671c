package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.File;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelet of one node ({@value SimNode#NAME}) on a control plane that has none,
 * so workloads, Helm waits and namespace deletion behave as on a real cluster.
 *
 * <p>Run it as a program ({@code --kubeconfig PATH}) or in process with {@link #start()} and
 * {@link #close()}. Faults are injected through {@link SimFaults}.
 */
public final class NodeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);

    private final KubernetesClient client;
    private final WorkQueue queue = new WorkQueue();
    private final SimNode node;
    private final PodSimulator pods;
    private final LocalVolumes volumes;
    private final LoadBalancerSimulator loadBalancers;
    private SharedIndexInformer<Node> nodeWatch;

    public NodeSimulator(KubernetesClient client) {
        this.client = client;
        this.node = new SimNode(client);
        this.pods = new PodSimulator(client, queue);
        this.volumes = LocalVolumes.simulated(client, queue);
        this.loadBalancers = new LoadBalancerSimulator(client, queue);
    }

    /** Registers the node and starts reacting to the cluster; returns once caught up. */
    public void start() {
        node.ensureReady();
        // Puts the node back if someone deletes it, re-taints it or marks it not Ready.
        nodeWatch = client.nodes().withName(SimNode.NAME)
                .inform(Handlers.onChange((before, after) -> repairIfNeeded(after)), 0);
        volumes.start();
        loadBalancers.start();
        pods.start();
        LOG.info("node simulator started for node {} on {}", SimNode.NAME, client.getMasterUrl());
    }

    private void repairIfNeeded(Node current) {
        if (SimNode.needsRepair(current)) {
            queue.add("node " + SimNode.NAME, node::ensureReady);
        }
    }

    @Override
    public void close() {
        if (nodeWatch != null) {
            nodeWatch.close();
        }
        pods.close();
        loadBalancers.close();
        volumes.close();
        queue.close();
        LOG.info("node simulator stopped");
    }

    /**
     * A client for {@code kubeconfig} tuned for a cluster whose API server tests stop and restart:
     * the default watch backoff can leave informers blind for half a minute after it returns.
     */
    public static KubernetesClient connect(File kubeconfig) {
        Config config = Config.fromKubeconfig(kubeconfig);
        config.setWatchReconnectInterval(200);
        config.setRequestRetryBackoffLimit(3);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--kubeconfig")) {
            System.err.println("usage: NodeSimulator --kubeconfig PATH");
            System.exit(2);
        }
        KubernetesClient client = connect(new File(args[1]));
        NodeSimulator simulator = new NodeSimulator(client);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs this hook: stop watching, then let the JVM exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            client.close();
            stopped.countDown();
        }, "node-simulator-shutdown"));
        simulator.start();
        stopped.await();
    }
}
