package io.urumi.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.urumi.provision.WorkMetrics;
import io.urumi.store.Operation;
import io.urumi.store.StoreState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The platform's Prometheus metrics, served at /metrics. Counters and timers move as work happens; the gauges that
 * describe the database (stores by state, queue depth, age of the oldest queued operation) are read from it once
 * per scrape, so they are right after a restart and on every replica.
 */
public final class PlatformMetrics implements WorkMetrics {
    /** What the gauges show, read from the database just before a scrape. */
    public record Snapshot(Map<StoreState, Long> storesByState, long queuedOperations, Duration oldestQueuedAge,
                           long driftedStores) {
    }

    private static final Duration[] PROVISIONING_SLO = {Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<Snapshot> snapshots;
    private final Map<StoreState, AtomicLong> stores = new EnumMap<>(StoreState.class);
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong oldestQueuedMillis = new AtomicLong();
    private final AtomicLong drifted = new AtomicLong();
    private final Timer provisioning;

    public PlatformMetrics(Supplier<Snapshot> snapshots) {
        this.snapshots = snapshots;
        for (StoreState state : StoreState.values()) {
            AtomicLong count = new AtomicLong();
            stores.put(state, count);
            Gauge.builder("urumi.stores", count, AtomicLong::get).description("Stores by state")
                    .tag("state", state.name()).register(registry);
        }
        Gauge.builder("urumi.operations.queued", queued, AtomicLong::get)
                .description("Operations waiting in the queue (including retries waiting for their backoff)")
                .register(registry);
        Gauge.builder("urumi.operations.queued.oldest.age", oldestQueuedMillis, m -> m.get() / 1000.0)
                .description("Age of the oldest queued operation; 0 when the queue is empty").baseUnit("seconds")
                .register(registry);
        Gauge.builder("urumi.stores.drifted", drifted, AtomicLong::get)
                .description("READY stores whose live objects differed from their release at the latest check")
                .register(registry);
        provisioning = Timer.builder("urumi.store.provisioning")
                .description("Time from a store's request (or retry) to READY")
                .publishPercentileHistogram().serviceLevelObjectives(PROVISIONING_SLO)
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every metric, with the database gauges read now. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void refresh() {
        Snapshot now = snapshots.get();
        stores.forEach((state, count) -> count.set(now.storesByState().getOrDefault(state, 0L)));
        queued.set(now.queuedOperations());
        oldestQueuedMillis.set(now.oldestQueuedAge().toMillis());
        drifted.set(now.driftedStores());
    }

    @Override
    public void operationFinished(Operation.Type type, Outcome outcome) {
        Counter.builder("urumi.operations").description("Operations that ended, by type and outcome")
                .tag("type", type.name()).tag("outcome", outcome.name()).register(registry).increment();
    }

    @Override
    public void storeProvisioned(Duration took) {
        provisioning.record(took);
    }

    @Override
    public void releaseTested(boolean passed) {
        Counter.builder("urumi.release.tests").description("Helm tests run after installs, upgrades and rollbacks")
                .tag("outcome", passed ? "PASSED" : "FAILED").register(registry).increment();
    }

    /** Times one Helm call; {@code verb} is Helm's own (install, upgrade, test, ...). */
    public <T> T timeHelm(String verb, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            Timer.builder("urumi.helm.calls").description("Helm calls by verb and outcome")
                    .tag("verb", verb).tag("outcome", outcome).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofMinutes(15))
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Records one HTTP request; {@code route} is the declared path template, never the raw path. */
    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("urumi.http.requests").description("HTTP requests by method, route and status")
                .tag("method", method.toUpperCase(Locale.ROOT)).tag("route", route)
                .tag("status", String.valueOf(status)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took);
    }
}
