package io.urumi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.chart.PlatformChart;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreValues;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real-node benchmark (issue #15; not a test): on a fresh local cluster with a real node, the platform installed
 * by its chart with the locally built image, then Medusa stores one at a time, alternating between the in-cluster
 * platform's API and {@code helm install --wait} of the same chart and values with the helm CLI; then the CPU and
 * memory of the kubelet, containerd and the platform pod at rest. Prints one table.
 */
public final class RealNodeBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path helm;
    private final Path work;
    private final int stores;
    private final Figures figures = new Figures();

    private RealNodeBenchmark(Path helm, Path work, int stores) {
        this.helm = helm;
        this.work = work;
        this.stores = stores;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new RealNodeBenchmark(Path.of(a.get("helm")), Path.of(a.get("work")),
                Integer.parseInt(a.getOrDefault("stores", "3"))).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        long up = System.nanoTime();
        LocalCluster cluster = LocalCluster.realNode();
        figures.add("fresh cluster with a real node, up (binaries and images cached)", "-",
                Figures.format("%.1f s", (System.nanoTime() - up) / 1e9), null);
        KubernetesClient client = cluster.client();
        ProcessBuilder storeValuesCommand = new ProcessBuilder("bash",
                cluster.repo().resolve("scripts/cluster.sh").toString(), "store-values")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        storeValuesCommand.environment().put("URUMI_CLUSTER_DIR", cluster.kubeconfig().getParent().toString());
        String storeValues = new String(storeValuesCommand.start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        Map<String, Object> defaults = JSON.readValue(storeValues,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        String platformImage = cluster.image("platform");

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(PlatformChart.NAMESPACE)
                .endMetadata().build()).serverSideApply();
        Path values = work.resolve("platform-values.yaml");
        int colon = platformImage.lastIndexOf(':');
        Files.writeString(values, "image: {repository: %s, tag: \"%s\", pullPolicy: Never}\nplatform:\n"
                .formatted(platformImage.substring(0, colon), platformImage.substring(colon + 1))
                + "  baseDomain: localhost\n  storeValues: " + storeValues + "\ningress:\n  host: urumi.localhost\n");
        long install = System.nanoTime();
        new Helm(PlatformChart.dir()).install().withName(PlatformChart.RELEASE).withNamespace(PlatformChart.NAMESPACE)
                .withValuesFile(PlatformChart.values("local")).withValuesFile(values).waitReady().withTimeout(300)
                .withKubeConfig(cluster.kubeconfig()).call();
        figures.add("platform chart installed, pod Ready", "-",
                Figures.format("%.1f s", (System.nanoTime() - install) / 1e9), null);

        String ip = client.services().inNamespace(PlatformChart.NAMESPACE).withName(PlatformChart.RELEASE).get()
                .getSpec().getClusterIP();
        String password = new String(Base64.getDecoder().decode(client.secrets().inNamespace(PlatformChart.NAMESPACE)
                .withName(PlatformChart.RELEASE + "-admin").get().getData().get("password")), StandardCharsets.UTF_8);
        Api api = Api.at("http://" + ip, "admin", password);
        HelmCli cli = new HelmCli(helm, cluster.kubeconfig(), cluster.repo().resolve("charts/ecommerce-store"), work,
                new KubernetesStoreCluster(client, "ingress-nginx", Optional.empty()),
                new StoreValues("localhost", "nginx", "", Duration.ofSeconds(600), defaults));
        System.out.printf("Urumi real-node benchmark %s: %d cores, load %s, helm CLI %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Figures.load(), cli.version());

        double[] platform = new double[stores];
        double[] helmCli = new double[stores];
        for (int i = 0; i < stores; i++) {
            String id = "real-api-" + i;
            String cliId = "real-cli-" + i;
            if (i % 2 == 1) {
                helmCli[i] = cli.install(cliId, "medusa").totalSeconds();
                removeCliStore(client, cliId);
            }
            long start = System.nanoTime();
            Api.Response created = api.postJson("/api/stores",
                    "{\"name\":\"" + id + "\",\"engine\":\"medusa\",\"adminEmail\":\"bench@example.com\"}");
            if (created.status() != 202) {
                throw new IllegalStateException("create " + id + ": " + created.raw().body());
            }
            awaitReady(api, id);
            platform[i] = (System.nanoTime() - start) / 1e9;
            System.out.printf("  %s READY in %.1f s; steps: %s%n", id, platform[i], steps(api, id));
            if (i == stores - 1) {
                atRest(cluster);
                podMemory(client, StoreNames.namespace(id));
            }
            if (api.delete("/api/stores/" + id).status() != 202) {
                throw new IllegalStateException("delete " + id);
            }
            if (i % 2 == 0) {
                helmCli[i] = cli.install(cliId, "medusa").totalSeconds();
                removeCliStore(client, cliId);
            }
            System.out.printf("  %s %.1f s, %s (helm CLI --wait) %.1f s%n", id, platform[i], cliId, helmCli[i]);
        }
        double p = Figures.percentile(platform, 50);
        double h = Figures.percentile(helmCli, 50);
        figures.add("Medusa store READY through the in-cluster platform (median of " + stores + ")", "-",
                Figures.format("%.1f s", p), null);
        figures.add("same chart and values, helm CLI install --wait (median of " + stores + ")", "-",
                Figures.format("%.1f s", h), null);
        figures.add("platform / helm CLI", "-", Figures.format("%.2f", p / h), null);
        String table = figures.table();
        System.out.println();
        System.out.print(table);
        Files.writeString(work.resolve("results.md"), table);
    }

    /** The store's timeline: each step and the seconds since the one before. */
    private static String steps(Api api, String id) {
        StringBuilder out = new StringBuilder();
        Instant previous = null;
        for (JsonNode e : api.get("/api/stores/" + id + "/events").json().path("events")) {
            Instant at = Instant.parse(e.path("at").asText());
            out.append(e.path("step").asText()).append(' ').append(e.path("status").asText());
            if (previous != null) {
                out.append(Figures.format(" +%.1f s", Duration.between(previous, at).toMillis() / 1000.0));
            }
            out.append(", ");
            previous = at;
        }
        return out.toString();
    }

    private static void removeCliStore(KubernetesClient client, String id) {
        client.namespaces().withName(StoreNames.namespace(id)).delete();
    }

    private static void awaitReady(Api api, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
        while (System.nanoTime() < deadline) {
            String state = api.state(id);
            if ("READY".equals(state)) {
                return;
            }
            if ("FAILED".equals(state)) {
                throw new IllegalStateException(id + " FAILED: " + api.get("/api/stores/" + id).raw().body());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(id + " not READY after 12 minutes");
    }

    /** CPU (share of one core over 60 s) and resident memory of the node's daemons and the platform pod. */
    private void atRest(LocalCluster cluster) throws Exception {
        Path run = cluster.kubeconfig().getParent().resolve("run");
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : new String[] {"kubelet", "containerd"}) {
            pids.put(name, Long.parseLong(Files.readString(run.resolve(name + ".pid")).trim()));
        }
        pids.put("platform pod (java)", ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().orElse("").contains("/opt/urumi/urumi.jar"))
                .findFirst().orElseThrow().pid());
        Thread.sleep(10_000); // let the last store's start-up settle
        Map<String, Long> before = new LinkedHashMap<>();
        pids.forEach((name, pid) -> before.put(name, cpuTicks(pid)));
        long start = System.nanoTime();
        Thread.sleep(60_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        pids.forEach((name, pid) -> figures.add("at rest, one store READY: " + name, "-",
                Figures.format("%.1f %% of a core, %d MiB resident", (cpuTicks(pid) - before.get(name)) / 100.0
                        / seconds * 100, residentMiB(pid)), null));
    }

    /** What each pod of a READY store really holds in memory (its cgroup's RSS) against its requests and limits. */
    private void podMemory(KubernetesClient client, String namespace) throws java.io.IOException {
        for (io.fabric8.kubernetes.api.model.Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            if (!"Running".equals(pod.getStatus().getPhase())) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            Optional<Path> cgroup;
            try (var dirs = Files.walk(Path.of("/sys/fs/cgroup/memory/kubepods"), 2)) {
                cgroup = dirs.filter(d -> d.getFileName().toString().equals("pod" + uid)).findFirst();
            }
            if (cgroup.isEmpty()) {
                continue;
            }
            long rss = Files.readAllLines(cgroup.get().resolve("memory.stat")).stream()
                    .filter(l -> l.startsWith("total_rss ")).mapToLong(l -> Long.parseLong(l.substring(10)))
                    .findFirst().orElse(0);
            var resources = pod.getSpec().getContainers().get(0).getResources();
            figures.add("memory of " + pod.getMetadata().getName().replaceAll("-[a-z0-9]{5,10}(-[a-z0-9]{5})?$", ""),
                    "-", Figures.format("%d MiB (request %s, limit %s)", rss / (1024 * 1024),
                            resources.getRequests().get("memory"), resources.getLimits().get("memory")), null);
        }
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, in clock ticks (100 per second)
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long residentMiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0) / 1024;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
