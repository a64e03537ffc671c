package io.urumi.devcluster.realnode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.devcluster.LocalVolumes;
import io.urumi.devcluster.NodeSimulator;
import io.urumi.devcluster.WorkQueue;
import io.urumi.devcluster.net.CommandLine;
import io.urumi.devcluster.net.LocalNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a real node of the local cluster needs beside the kubelet and that Debian does not package: local-path
 * volumes (directories on this machine), the cluster DNS and an ingress ({@link LocalNetwork}). Run by
 * {@code scripts/cluster.sh up --real-node} as one process.
 */
public final class RealNodeServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodeServices.class);

    private final WorkQueue queue = new WorkQueue();
    private final LocalVolumes volumes;
    private final LocalNetwork network;

    public RealNodeServices(KubernetesClient client, Path volumeRoot, LocalNetwork.Options network) {
        this.volumes = LocalVolumes.onDisk(client, queue, volumeRoot);
        this.network = new LocalNetwork(client, network);
    }

    /** Returns once volumes are provisioned and the DNS and ingress listen. */
    public void start() throws Exception {
        volumes.start();
        network.start();
    }

    @Override
    public void close() {
        network.close();
        volumes.close();
        queue.close();
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf("--volumes");
        CommandLine.Parsed parsed;
        Path volumeRoot;
        try {
            if (at < 0 || at + 1 >= rest.size()) {
                throw new IllegalArgumentException("--volumes DIR is required");
            }
            volumeRoot = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
            parsed = CommandLine.parse(rest.toArray(String[]::new), Path.of("/etc/resolv.conf"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: RealNodeServices --volumes DIR " + CommandLine.USAGE);
            System.exit(2);
            return;
        }
        KubernetesClient client = NodeSimulator.connect(parsed.kubeconfig().toFile());
        RealNodeServices services = new RealNodeServices(client, volumeRoot, parsed.options());
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs this hook: stop serving and watching, then let the JVM exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            client.close();
            stopped.countDown();
        }, "real-node-services-shutdown"));
        try {
            services.start();
        } catch (Exception e) {
            LOG.error("real node services did not start: {}", e.toString());
            System.exit(1);
        }
        LOG.info("real node services started: volumes under {}", volumeRoot);
        stopped.await();
    }
}
