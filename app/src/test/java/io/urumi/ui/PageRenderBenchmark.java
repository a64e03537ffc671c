package io.urumi.ui;

import io.urumi.auth.Accounts;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Principal;
import io.urumi.auth.Role;
import io.urumi.auth.Sessions;
import io.urumi.config.Config;
import io.urumi.store.StoreQuotas;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.urumi.db.Database;
import io.urumi.release.ReleaseRepository;
import io.urumi.store.ChartVersions;
import io.urumi.store.Engine;
import io.urumi.store.Store;
import io.urumi.store.StoreCredentials;
import io.urumi.store.OperationRepository;
import io.urumi.store.FleetService;
import io.urumi.store.FleetUpgradeRepository;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreService;
import io.urumi.store.StoreState;
import io.urumi.observe.MetricsSummary;
import io.urumi.observe.PlatformMetrics;
import io.urumi.web.ObservabilityApi;
import io.urumi.web.WebApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A benchmark, not a test: fills an H2 file with 1,000 stores and prints percentiles of the time to serve the
 * store list (page and polled fragment) over loopback HTTP, which bounds the server's render time from above.
 * Run it with scripts/bench-pages.sh [requests] [stores].
 */
public final class PageRenderBenchmark {
    private PageRenderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("urumi-bench");
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("bench"))) {
            StoreRepository stores = new StoreRepository(db.jdbi());
            fill(stores, count, clock.instant());
            ReleaseRepository releases = new ReleaseRepository(db.jdbi());
            StoreService service = new StoreService(stores, new NoCredentials(), new OperationRepository(db.jdbi()),
                    releases, null /* diffs are not rendered by the list pages measured here */,
                    ChartVersions.allEngines(List.of("0.2.0")),
                    10, StoreQuotas.unlimited(), () -> { }, clock);
            StoreViews views = new StoreViews(service, releases, "127.0.0.1.nip.io", clock);
            PlatformHealth health = new PlatformHealth(() -> true, () -> true, Duration.ofMinutes(1), clock).start();
            FleetService fleets = new FleetService(new FleetUpgradeRepository(db.jdbi()), stores, List.of("0.2.0"),
                    () -> { }, clock);
            MetricsSummary summary = new MetricsSummary(stores, new OperationRepository(db.jdbi()), clock);
            PlatformMetrics metrics = new PlatformMetrics(summary::snapshot);
            Config.Guardrails guardrails = Config.fromEnv(Map.of("URUMI_RATE_LIMIT_PER_MINUTE", "1000000")).guardrails();
            Accounts accounts = new Accounts(db.jdbi(), clock);
            accounts.bootstrap(Optional.of("benchmark-password"));
            Sessions sessions = new Sessions(db.jdbi(), Duration.ofHours(1), Duration.ofHours(1), clock);
            // Measured as the admin, who sees every store.
            String cookie = "urumi-session=" + sessions.start(new Principal("admin", Role.ADMIN)).id();
            Javalin app = WebApp.create(service, fleets, views, new ObjectMapper(), "127.0.0.1.nip.io", health, List::of,
                    new WebApp.Guards(accounts, sessions, new ApiTokens(db.jdbi(), clock), new AuditLog(db.jdbi(), clock),
                            guardrails, clock), metrics, new ObservabilityApi(metrics, summary, service));
            // Server-side time: from the request reaching Javalin until the page is rendered, before it is sent.
            List<Long> serverNanos = Collections.synchronizedList(new ArrayList<>());
            app.before(ctx -> ctx.attribute("bench-start", System.nanoTime()));
            app.after(ctx -> serverNanos.add(System.nanoTime() - (Long) ctx.attribute("bench-start")));
            app.start(0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                SESSION_COOKIE = cookie;
                String base = "http://127.0.0.1:" + app.port();
                System.out.printf("%d stores in %s; %d timed requests per route after warm-up%n", count, dir, requests);
                for (String path : new String[] {"/", "/fragments/stores"}) {
                    measure(http, base + path, Math.max(200, requests / 2));
                    serverNanos.clear();
                    long[] nanos = measure(http, base + path, requests);
                    int bytes = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                            HttpResponse.BodyHandlers.ofString()).body().length();
                    report(path + " server", serverNanos.stream().mapToLong(Long::longValue).limit(requests)
                            .toArray(), bytes);
                    report(path + " client", nanos, bytes);
                }
            } finally {
                app.stop();
                health.close();
            }
        }
    }

    /** Mostly ready stores, with some provisioning and some failed, as a busy platform would have. */
    private static void fill(StoreRepository stores, int count, Instant now) {
        for (int i = 0; i < count; i++) {
            String id = String.format("shop-%04d", i);
            Instant created = now.minusSeconds(60L * (count - i));
            stores.create(new Store(id, Engine.WOOCOMMERCE, StoreState.PROVISIONING, "owner" + i + "@example.com",
                    "local-operator", null, null, null, null, created, created, null, null, created), "local-operator");
            if (i % 20 == 0) {
                stores.markFailed(id, "setup-job", "The setup job failed (BackoffLimitExceeded). Retry.", created);
            } else if (i % 20 != 1) {
                stores.markReady(id, "0.1.0", 1, created.plusSeconds(90 + i % 60));
            }
        }
    }

    private static long[] measure(HttpClient http, String url, int n) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", SESSION_COOKIE).build();
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        }
        return nanos;
    }

    private static String SESSION_COOKIE;

    private static void report(String path, long[] nanos, int bytes) {
        Arrays.sort(nanos);
        System.out.printf("%-26s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d KiB of HTML)%n", path,
                ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, bytes / 1024);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The list page never reads credentials. */
    private static final class NoCredentials implements StoreCredentials {
        @Override
        public Optional<Credentials> read(String storeId) {
            return Optional.empty();
        }

        @Override
        public String adminUser(String storeId) {
            return "admin";
        }
    }
}
