package io.urumi.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of P1: a store installed the way one would without Urumi, by running the helm CLI in a subprocess.
 * For a fair comparison it first prepares the namespace exactly as the platform's Provisioner does (the same
 * {@link KubernetesStoreCluster} calls: namespace, quota and limits, network policies, credentials Secret), then runs
 * {@code helm install --wait} of the same chart with the same values ({@link StoreValues}).
 */
final class HelmCli {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path helm;
    private final Path kubeconfig;
    private final Path chart;
    private final Path work;
    private final KubernetesStoreCluster cluster;
    private final StoreValues values;

    HelmCli(Path helm, Path kubeconfig, Path chart, Path work, KubernetesStoreCluster cluster, StoreValues values) {
        this.helm = helm;
        this.kubeconfig = kubeconfig;
        this.chart = chart;
        this.work = work;
        this.cluster = cluster;
        this.values = values;
    }

    /** Time of one install, whole (namespace preparation included) and of the helm subprocess alone. */
    record Timing(double totalSeconds, double helmSeconds) {
    }

    Timing install(String storeId) throws IOException, InterruptedException {
        return install(storeId, "woocommerce");
    }

    Timing install(String storeId, String engine) throws IOException, InterruptedException {
        long start = System.nanoTime();
        cluster.ensureNamespace(storeId);
        cluster.ensureQuotaAndLimits(storeId);
        cluster.ensureNetworkPolicies(storeId);
        cluster.ensureCredentials(storeId);
        Path valuesFile = work.resolve("values-" + storeId + ".yaml");
        YAML.writeValue(valuesFile.toFile(), values.forStore(storeId, engine, "bench@example.com"));
        long helmStart = System.nanoTime();
        run(List.of(helm.toString(), "install", StoreNames.release(storeId), chart.toString(),
                "--namespace", StoreNames.namespace(storeId), "--values", valuesFile.toString(),
                "--wait", "--timeout", "600s", "--kubeconfig", kubeconfig.toString()), work.resolve("helm-cli.log"));
        long end = System.nanoTime();
        return new Timing((end - start) / 1e9, (end - helmStart) / 1e9);
    }

    String version() throws IOException, InterruptedException {
        Path out = work.resolve("helm-version.txt");
        Files.deleteIfExists(out);
        run(List.of(helm.toString(), "version", "--short"), out);
        return Files.readString(out).trim();
    }

    private void run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Helm's own cache and config stay in the benchmark's work directory.
        pb.environment().putAll(Map.of("HELM_CACHE_HOME", work.resolve("helm/cache").toString(),
                "HELM_CONFIG_HOME", work.resolve("helm/config").toString(),
                "HELM_DATA_HOME", work.resolve("helm/data").toString()));
        Process p = pb.start();
        if (!p.waitFor(11, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "); see "
                    + log);
        }
    }
}
