package io.urumi.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.urumi.devcluster.SimFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one shared fixture of the integration tests: a real local control plane (etcd, kube-apiserver,
 * controller-manager, scheduler) with the node simulator, started once per test JVM by scripts/cluster.sh.
 */
public final class LocalCluster {
    private static LocalCluster instance;
    private final Path repo;
    private final Path dir;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private LocalCluster(Path repo, Path dir) {
        this.repo = repo;
        this.dir = dir;
        script("down", "--purge"); // every test run starts from an empty etcd: no store left by an earlier run
        script("up");
        this.kubeconfig = dir.resolve("kubeconfig");
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh cluster on first use and stops it when the test JVM exits. */
    public static synchronized LocalCluster get() {
        if (instance == null) {
            Path repo = Repo.root();
            instance = new LocalCluster(repo, repo.resolve("app/target/it-cluster"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.script("down"), "local-cluster-down"));
        }
        return instance;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * The API server's audit log: one JSON event per request made as a ServiceAccount (and only those; see
     * scripts/cluster.sh), so a test acting as one can list every permission it used.
     */
    public Path auditLog() {
        return dir.resolve("logs/audit.log");
    }

    public KubernetesClient client() {
        return client;
    }

    public SimFaults faults() {
        return new SimFaults(client);
    }

    public Path repo() {
        return repo;
    }

    /** Runs scripts/cluster.sh with this fixture's state directory; its output goes to the test log. */
    public void script(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", repo.resolve("scripts/cluster.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("URUMI_CLUSTER_DIR", dir.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/cluster.sh " + String.join(" ", args) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
