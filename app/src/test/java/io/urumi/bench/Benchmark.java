package io.urumi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreValues;
import io.urumi.support.Api;
import io.urumi.support.PlatformProcess;
import io.urumi.support.Repo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A benchmark, not a test (issue #10): runs P1 to P4 and the release record size against the local control plane
 * with simulated nodes and prints one table. Run it with {@code scripts/bench.sh}, which starts the cluster, fetches
 * the helm CLI and stops everything afterwards. Every HTTP call to the platform goes through {@link Api}.
 */
public final class Benchmark {
    private static final String BASE_DOMAIN = "127.0.0.1.nip.io";
    private static final String INGRESS_CLASS = "nginx";
    private static final Pattern RECONCILE_PASS = Pattern.compile(
            "\"message\":\"reconcile pass done[^\"]*\".*\"durationMs\":(\\d+),\"stores\":(\\d+)");
    private final Options options;
    private final Figures figures = new Figures();
    private final AtomicReference<PlatformProcess> platform = new AtomicReference<>();
    private final KubernetesClient kubernetes;
    private final KubernetesStoreCluster cluster;
    private final Path repo = Repo.root();
    private final String jdbcUrl;
    private final Map<String, String> runtime;
    /** The platform chart's container memory limit (resources.limits.memory). */
    private final Quantity memoryLimit;

    private Benchmark(Options options) throws IOException {
        this.options = options;
        this.kubernetes = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(options.kubeconfig()))).build();
        this.cluster = new KubernetesStoreCluster(kubernetes, "ingress-nginx", Optional.empty());
        this.jdbcUrl = "jdbc:h2:file:" + options.work().resolve("db/urumi");
        this.runtime = chartRuntime(repo.resolve("charts/platform/values.yaml"));
        this.memoryLimit = new Quantity(new ObjectMapper(new YAMLFactory()).readTree(
                repo.resolve("charts/platform/values.yaml").toFile()).path("resources").path("limits").path("memory")
                .asText());
    }

    /**
     * The JVM and Go runtime settings the platform chart gives its container, and its memory limit, which the JVM
     * would see as the machine's memory there (-XX:MaxRAM): the memory figure is the one the deployed platform has.
     */
    private static Map<String, String> chartRuntime(Path values) throws IOException {
        JsonNode chart = new ObjectMapper(new YAMLFactory()).readTree(values.toFile());
        String limit = chart.path("resources").path("limits").path("memory").asText()
                .replace("Gi", "g").replace("Mi", "m");
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + limit + " " +  chart.path("platform").path("javaOptions").asText());
        String goLimit = chart.path("platform").path("goMemoryLimit").asText("");
        if (!goLimit.isEmpty()) {
            env.put("GOMEMLIMIT", goLimit);
        }
        return env;
    }

    /** What scripts/bench.sh passes; sizes can be lowered for a quick try. */
    record Options(Path kubeconfig, Path helm, Path work, int p1Stores, int p2Stores, int fleet, int workers,
                   int requests) {
        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(Path.of(required(a, "kubeconfig")), Path.of(required(a, "helm")),
                    Path.of(required(a, "work")), number(a, "p1", 9), number(a, "p2", 50), number(a, "fleet", 1000),
                    number(a, "workers", 24), number(a, "requests", 1000));
        }

        private static String required(Map<String, String> a, String name) {
            String v = a.get(name);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return v;
        }

        private static int number(Map<String, String> a, String name, int fallback) {
            return a.containsKey(name) ? Integer.parseInt(a.get(name)) : fallback;
        }
    }

    public static void main(String[] args) throws Exception {
        Benchmark bench = new Benchmark(Options.parse(args));
        // Ctrl-C (or the script's trap) stops the platform this benchmark started.
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopPlatform, "bench-stop-platform"));
        boolean pass = bench.run();
        System.exit(pass ? 0 : 3);
    }

    private boolean run() throws Exception {
        Files.createDirectories(options.work().resolve("db"));
        HelmCli cli = new HelmCli(options.helm(), options.kubeconfig(), repo.resolve("charts/ecommerce-store"),
                options.work(), cluster, new StoreValues(BASE_DOMAIN, INGRESS_CLASS, "",
                        io.urumi.config.Config.fromEnv(Map.of()).provisioningTimeout())); // the values the platform, on defaults, gives
        System.out.printf("Urumi benchmark %s: %d cores, load %s, %d workers, helm CLI %s, platform runtime %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), Figures.load(), options.workers(),
                cli.version(), runtime);

        Api api = startPlatform("platform-1.log");
        provisioning(api, cli);
        if (options.p2Stores() > 0) {
            concurrent(api);
        }
        releaseChecks(api);
        recordSize();
        stopPlatform();

        System.out.println("seeding the database up to " + options.fleet() + " stores (platform stopped)");
        int seeded = FleetSeed.fill(jdbcUrl, cluster, options.fleet());
        System.out.printf("  %d stores added straight into the database, each with its namespace%n", seeded);
        Path log = options.work().resolve("platform-2.log");
        api = startPlatform(log.getFileName().toString());
        reconcilePass(log);
        listLatency(api);
        memory();
        stopPlatform();

        String table = figures.table();
        System.out.println();
        System.out.print(table);
        Files.writeString(options.work().resolve("results.md"), table);
        return figures.allPass();
    }

    /** P1: time to READY, one store at a time, platform API and helm CLI taking turns so both see the same load. */
    private void provisioning(Api api, HelmCli cli) throws Exception {
        System.out.println("P1: " + options.p1Stores() + " stores through the API and " + options.p1Stores()
                + " through the helm CLI, alternating");
        double[] platformSeconds = new double[options.p1Stores()];
        double[] cliSeconds = new double[options.p1Stores()];
        double[] helmSeconds = new double[options.p1Stores()];
        // One untimed store per side first: the first install pays for a cold JVM and Helm's cold caches.
        expect(api.createStore("p1-warm-up"), 202, "create p1-warm-up");
        awaitReady(api, "p1-warm-up");
        cli.install("p1-cli-warm-up");
        for (int i = 0; i < options.p1Stores(); i++) {
            String id = String.format("p1-api-%02d", i);
            String cliId = String.format("p1-cli-%02d", i);
            if (i % 2 == 1) {
                HelmCli.Timing t = cli.install(cliId);
                cliSeconds[i] = t.totalSeconds();
                helmSeconds[i] = t.helmSeconds();
            }
            long start = System.nanoTime();
            expect(api.createStore(id), 202, "create " + id);
            awaitReady(api, id);
            platformSeconds[i] = (System.nanoTime() - start) / 1e9;
            if (i % 2 == 0) {
                HelmCli.Timing t = cli.install(cliId);
                cliSeconds[i] = t.totalSeconds();
                helmSeconds[i] = t.helmSeconds();
            }
            System.out.printf("  %s %.2f s, %s %.2f s (helm alone %.2f s)%n", id, platformSeconds[i], cliId,
                    cliSeconds[i], helmSeconds[i]);
        }
        double platform = Figures.percentile(platformSeconds, 50);
        double helm = Figures.percentile(cliSeconds, 50);
        figures.add("P1 time to READY, platform API (median of " + options.p1Stores() + ")", "-",
                Figures.format("%.2f s", platform), null);
        figures.add("P1 time to READY, helm CLI --wait (median of " + options.p1Stores() + ")", "-",
                Figures.format("%.2f s (helm alone %.2f s)", helm, Figures.percentile(helmSeconds, 50)), null);
        figures.add("P1 platform / helm CLI", "<= 0.80", Figures.format("%.2f", platform / helm),
                platform <= 0.8 * helm);
    }

    private void awaitReady(Api api, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = api.state(id);
            if ("READY".equals(state)) {
                return;
            }
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("store " + id + " FAILED: " + api.get("/api/stores/" + id).raw().body());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("store " + id + " not READY after 10 minutes");
    }

    /** P2: many stores asked for at once; all must reach READY. */
    private void concurrent(Api api) throws Exception {
        int n = options.p2Stores();
        System.out.println("P2: " + n + " stores created at once");
        List<String> ids = new ArrayList<>();
        Map<String, Double> cpuBefore = cpuSeconds();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = String.format("p2-%02d", i);
            expect(api.createStore(id), 202, "create " + id);
            ids.add(id);
        }
        long deadline = start + 900_000_000_000L;
        List<Double> provisioning = new ArrayList<>();
        while (true) {
            JsonNode stores = api.get("/api/stores").json().path("stores");
            int ready = 0;
            provisioning.clear();
            for (JsonNode s : stores) {
                if (!ids.contains(s.path("id").asText())) {
                    continue;
                }
                String state = s.path("state").asText();
                if ("FAILED".equals(state)) {
                    throw new IllegalStateException("store " + s.path("id").asText() + " FAILED: " + s);
                }
                if ("READY".equals(state)) {
                    ready++;
                    provisioning.add(s.path("provisioningSeconds").asDouble());
                }
            }
            if (ready == n) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + n + " stores READY after 15 minutes");
            }
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perMinute = n / seconds * 60;
        Map<String, Double> cpuAfter = cpuSeconds();
        double[] each = provisioning.stream().mapToDouble(Double::doubleValue).toArray();
        figures.add("P2 " + n + " stores at once: all READY", "all READY",
                Figures.format("%d/%d in %.1f s (each p50 %.1f s, max %.1f s)", n, n, seconds,
                        Figures.percentile(each, 50), Figures.percentile(each, 100)), true);
        figures.add("P2 throughput (" + options.workers() + " workers)", ">= 60 stores/min",
                Figures.format("%.1f stores/min", perMinute), perMinute >= 60);
        // The machine is shared: CPU time is what this run itself used, whatever else ran meanwhile.
        double total = cpuAfter.values().stream().mapToDouble(Double::doubleValue).sum()
                - cpuBefore.values().stream().mapToDouble(Double::doubleValue).sum();
        double platformCpu = cpuAfter.get("platform") - cpuBefore.get("platform");
        StringBuilder parts = new StringBuilder();
        cpuAfter.forEach((name, after) -> parts.append(Figures.format(", %s %.2f", name,
                (after - cpuBefore.getOrDefault(name, 0.0)) / n)));
        figures.add("P2 CPU per store (platform, control plane, simulator)", "-",
                Figures.format("%.2f s%s", total / n, parts), null);
        // Helm's Go runtime trades memory for CPU (GOMEMLIMIT); the peak must stay inside the chart's memory limit.
        double peak = platformMemoryMib("VmHWM");
        double limitMib = memoryLimit.getNumericalAmount().doubleValue() / (1024 * 1024);
        figures.add("P2 platform peak memory (VmHWM) while creating", "<= " + memoryLimit + " (chart limit)",
                Figures.format("%.0f MiB", peak), peak <= limitMib);
        double bound = 2 * 60 / (total / n);
        figures.add("P2 throughput 2 idle cores would allow (120 CPU-s/min / CPU per store)", ">= 60 stores/min",
                Figures.format("%.0f stores/min (platform alone: %.0f)", bound, 2 * 60 / (platformCpu / n)),
                bound >= 60);
    }

    /**
     * The periodic release check (drift and release gone) of one store, asked for on demand with {@code POST
     * /api/stores/{id}/drift}, which does the same work: what it costs, and what checking 1,000 stores once per the
     * default interval would cost the platform.
     */
    private void releaseChecks(Api api) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode s : api.get("/api/stores").json().path("stores")) {
            if ("READY".equals(s.path("state").asText())) {
                ids.add(s.path("id").asText());
            }
        }
        for (String id : ids) { // warm-up: the first checks also load and compile the code
            expect(api.postJson("/api/stores/" + id + "/drift", "{}"), 200, "drift check of " + id);
        }
        int rounds = 3;
        double[] millis = new double[ids.size() * rounds];
        double cpuBefore = cpuSeconds().get("platform");
        for (int i = 0; i < millis.length; i++) {
            String id = ids.get(i % ids.size());
            long start = System.nanoTime();
            expect(api.postJson("/api/stores/" + id + "/drift", "{}"), 200, "drift check of " + id);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double cpuMillis = (cpuSeconds().get("platform") - cpuBefore) * 1000 / millis.length;
        double interval = io.urumi.config.Config.fromEnv(Map.of()).releaseCheckInterval().toSeconds();
        figures.add("Release check of one store (drift, release gone), " + ids.size() + " stores x " + rounds, "-",
                Figures.format("p50 %.0f ms, p99 %.0f ms (platform CPU %.0f ms/check)", Figures.percentile(millis, 50),
                        Figures.percentile(millis, 99), cpuMillis), null);
        double share = 1000 / interval * cpuMillis / 1000 * 100;
        figures.add(Figures.format("Release checks of 1,000 stores every %.0f s: platform CPU", interval), "-",
                Figures.format("%.1f %% of a core", share), null);
    }

    /**
     * CPU seconds (user + system) used so far by the platform and by each process of the benchmark's cluster (their
     * pid files are in the cluster's run directory).
     */
    private Map<String, Double> cpuSeconds() throws IOException {
        Map<String, Long> pids = new java.util.TreeMap<>();
        pids.put("platform", platform.get().process().pid());
        Path run = options.work().resolve("cluster/run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    pids.put(pidFile.getFileName().toString().replace(".pid", ""),
                            Long.parseLong(Files.readString(pidFile).trim()));
                }
            }
        }
        Map<String, Double> cpu = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            String stat = Files.readString(Path.of("/proc/" + e.getValue() + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu.put(e.getKey(), (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0); // USER_HZ is 100 on Linux
        }
        return cpu;
    }

    /** The Helm release record of one store, as Helm stores it in the Secret's {@code release} field. */
    private void recordSize() {
        String id = "p1-api-00";
        Secret record = kubernetes.secrets().inNamespace(StoreNames.namespace(id))
                .withName("sh.helm.release.v1." + StoreNames.release(id) + ".v1").get();
        if (record == null) {
            throw new IllegalStateException("no release record for " + StoreNames.release(id));
        }
        int bytes = Base64.getDecoder().decode(record.getData().get("release")).length;
        figures.add("Release record size (one store, revision 1)", "<< 1 MiB (< 100 KiB)",
                Figures.format("%.1f KiB", bytes / 1024.0), bytes < 100 * 1024);
    }

    /** P4: the pass the reconciler makes once its namespace watch has synced, as the platform logs it. */
    private void reconcilePass(Path log) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = RECONCILE_PASS.matcher(Files.readString(log));
            if (m.find()) {
                long millis = Long.parseLong(m.group(1));
                figures.add("P4 one reconcile pass over " + m.group(2) + " stores (no Helm list)", "<= 2 s",
                        Figures.format("%d ms", millis), millis <= 2000);
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the platform logged no reconcile pass within 2 minutes; see " + log);
    }

    /** P3: the list API and the store list page with the whole fleet, one request at a time, timed by the client. */
    private void listLatency(Api api) throws IOException {
        String[][] routes = {{"/api/stores", "list API", "20"}, {"/", "store list page", "50"}};
        // The API with the admin's bearer token; the page as a browser signed in with a session cookie.
        Api pages = Api.browser(api.port(), "admin",
                io.urumi.support.TestPlatform.ADMIN_PASSWORD);
        for (String[] route : routes) {
            Api client = route[0].startsWith("/api/") ? api : pages;
            for (int i = 0; i < Math.max(200, options.requests() / 3); i++) {
                expect(client.get(route[0]), 200, "GET " + route[0]);
            }
            double cpuBefore = cpuSeconds().get("platform");
            double[] millis = new double[options.requests()];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                expect(client.get(route[0]), 200, "GET " + route[0]);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            // CPU the platform spent per request (GC included): what the latency would be with a core to itself.
            double cpuMillis = (cpuSeconds().get("platform") - cpuBefore) * 1000 / millis.length;
            double p99 = Figures.percentile(millis, 99);
            double target = Double.parseDouble(route[2]);
            figures.add("P3 " + route[1] + " (GET " + route[0] + "), " + options.fleet() + " stores",
                    "p99 <= " + route[2] + " ms", Figures.format("p50 %.1f ms, p99 %.1f ms (CPU %.1f ms/request)",
                            Figures.percentile(millis, 50), p99, cpuMillis), p99 <= target);
        }
    }

    /** P3: resident memory of the platform process holding the fleet, after serving the requests above. */
    private void memory() throws IOException {
        double mib = platformMemoryMib("VmRSS");
        figures.add("P3 platform resident memory (RSS), " + options.fleet() + " stores", "<= 400 MB",
                Figures.format("%.0f MiB", mib), mib * 1.048576 <= 400);
    }

    /** A memory figure of the platform process from /proc (VmRSS: resident now; VmHWM: the most it was). */
    private double platformMemoryMib(String field) throws IOException {
        long pid = platform.get().process().pid();
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow() / 1024.0;
    }

    private Api startPlatform(String logName) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("URUMI_PORT", String.valueOf(port));
        env.put("URUMI_JDBC_URL", jdbcUrl);
        env.put("KUBECONFIG", options.kubeconfig().toString());
        env.put("URUMI_WORKERS", String.valueOf(options.workers()));
        env.put("URUMI_CHART_DIR", repo.resolve("charts/ecommerce-store").toString());
        env.put("URUMI_CHART_CATALOG_DIR", repo.resolve("charts/catalog").toString());
        env.put("URUMI_BASE_DOMAIN", BASE_DOMAIN);
        env.put("URUMI_INGRESS_CLASS", INGRESS_CLASS);
        // The admin the API client signs in as, and limits far above 50 creates at once.
        env.putAll(io.urumi.support.TestPlatform.generousGuardrails());
        env.putAll(runtime);
        PlatformProcess started = PlatformProcess.start(env, options.work().resolve(logName));
        platform.set(started);
        return started.api();
    }

    private void stopPlatform() {
        PlatformProcess running = platform.getAndSet(null);
        if (running != null) {
            try {
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void expect(Api.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.raw().body());
        }
    }
}
