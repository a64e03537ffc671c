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
 * controller-manager, scheduler), started once per test JVM by scripts/cluster.sh, with either the node
 * simulator ({@link #get()}: fast, runs no container) or a real node ({@link #realNode()}: containerd, kubelet,
 * kube-proxy, cluster DNS; what only running can show).
 */
public final class LocalCluster {
    private static LocalCluster simulated;
    private static LocalCluster real;
    private final Path repo;
    private final Path dir;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private LocalCluster(Path repo, Path dir, String... upArgs) {
        this.repo = repo;
        this.dir = dir;
        script("down", "--purge"); // every test run starts from an empty etcd: no store left by an earlier run
        List<String> up = new java.util.ArrayList<>(List.of("up"));
        up.addAll(List.of(upArgs));
        script(up.toArray(String[]::new));
        this.kubeconfig = dir.resolve("kubeconfig");
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh cluster with the simulated node on first use and stops it when the test JVM exits. */
    public static synchronized LocalCluster get() {
        if (simulated == null) {
            Path repo = Repo.root();
            LocalCluster cluster = new LocalCluster(repo, repo.resolve("app/target/it-cluster"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.script("down"), "local-cluster-down"));
            simulated = cluster;
        }
        return simulated;
    }

    /**
     * Starts a fresh cluster with a real node on first use (one per machine) and stops it, putting the host back,
     * when the test JVM exits. Call {@link #assumeRealNode()} first.
     */
    public static synchronized LocalCluster realNode() {
        if (real == null) {
            Path repo = Repo.root();
            LocalCluster cluster = new LocalCluster(repo, repo.resolve("app/target/real-cluster"), "--real-node");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.script("down"), "real-cluster-down"));
            real = cluster;
        }
        return real;
    }

    /**
     * Skips the calling test, saying why, where this machine cannot run containers (not root, no bridge, no
     * cgroups v1). In CI the real-node tier is core: there it fails instead of skipping.
     */
    public static void assumeRealNode() {
        String why = realNodeUnsupported();
        if (why.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the real-node tier, but this machine cannot: " + why);
        }
        org.junit.jupiter.api.Assumptions.abort("no real node on this machine: " + why);
    }

    private static String realNodeUnsupported() {
        try {
            Process p = new ProcessBuilder("bash", Repo.root().resolve("scripts/cluster.sh").toString(),
                    "real-node-check").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? "" : out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The store values (JSON, for URUMI_STORE_VALUES) that give both engines the images built here, loaded into this
     * cluster's real node: no registry serves the official ones on this machine.
     */
    public String storeValues() {
        return run("store-values");
    }

    /**
     * Builds (cached) a local image of scripts/images.sh, for example "probe", imports it into this cluster's real
     * node, and returns its reference: pods name it with {@code imagePullPolicy: Never}.
     */
    public String image(String name) {
        return run("load-image", name);
    }

    /** Runs scripts/cluster.sh for this cluster and returns what it printed on stdout (stderr goes to the test log). */
    private String run(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", repo.resolve("scripts/cluster.sh").toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("URUMI_CLUSTER_DIR", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("scripts/cluster.sh " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
