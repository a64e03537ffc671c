package io.urumi.observe;

import io.urumi.drift.DriftRepository;
import io.urumi.error.PlatformException;
import io.urumi.store.OperationRepository;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform at a glance for pages and people: stores by state, how long provisioning took over a window
 * (average and 95th percentile), which steps failed, and the queue. Read from the database, so every replica
 * answers the same.
 */
public final class MetricsSummary {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    private static final Duration MAX_WINDOW = Duration.ofDays(90);
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,5})([mhd])");
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final DriftRepository drifts;
    private final Clock clock;

    /** Provisioning times of the stores that became READY in the window; seconds are null when there were none. */
    public record Provisioning(int count, Double averageSeconds, Double p95Seconds) {
    }

    /** The queue now: operations waiting and how long the oldest has waited (0 when none). */
    public record Queue(long queued, double oldestQueuedAgeSeconds) {
    }

    public record Summary(String window, Instant since, Instant at, Map<StoreState, Long> storesByState,
                          Provisioning provisioning, Map<String, Long> failuresByStep, Queue queue) {
    }

    public MetricsSummary(StoreRepository stores, OperationRepository operations, DriftRepository drifts,
                          Clock clock) {
        this.stores = stores;
        this.drifts = drifts;
        this.operations = operations;
        this.clock = clock;
    }

    /** What the gauges of /metrics show, read now. */
    public PlatformMetrics.Snapshot snapshot() {
        Queue queue = queue(clock.instant());
        return new PlatformMetrics.Snapshot(stores.countByState(), queue.queued(),
                Duration.ofMillis(Math.round(queue.oldestQueuedAgeSeconds() * 1000)), drifts.driftedStores());
    }

    /** The summary over the window given as e.g. "30m", "24h" or "7d" (null: 24 hours). */
    public Summary over(String window) {
        Duration length = window == null || window.isBlank() ? DEFAULT_WINDOW : parseWindow(window.trim());
        Instant now = clock.instant();
        Instant since = now.minus(length);
        Map<StoreState, Long> byState = new LinkedHashMap<>();
        Map<StoreState, Long> counted = stores.countByState();
        for (StoreState state : StoreState.values()) {
            byState.put(state, counted.getOrDefault(state, 0L));
        }
        return new Summary(window == null || window.isBlank() ? "24h" : window.trim(), since, now, byState,
                provisioning(stores.provisioningTimes(since)), stores.failuresByStep(since), queue(now));
    }

    private Queue queue(Instant now) {
        OperationRepository.QueueStats stats = operations.queueStats();
        double age = stats.oldestQueuedAt() == null ? 0
                : Math.max(0, Duration.between(stats.oldestQueuedAt(), now).toMillis() / 1000.0);
        return new Queue(stats.queued(), age);
    }

    static Provisioning provisioning(List<Duration> times) {
        if (times.isEmpty()) {
            return new Provisioning(0, null, null);
        }
        double[] seconds = times.stream().mapToDouble(d -> d.toMillis() / 1000.0).sorted().toArray();
        double average = java.util.Arrays.stream(seconds).average().orElse(0);
        // Nearest rank: the smallest time that at least 95 % of the stores did not exceed.
        double p95 = seconds[(int) Math.ceil(0.95 * seconds.length) - 1];
        return new Provisioning(seconds.length, round(average), round(p95));
    }

    static Duration parseWindow(String window) {
        Matcher m = WINDOW.matcher(window);
        Duration length = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            length = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (length == null || length.isZero() || length.compareTo(MAX_WINDOW) > 0) {
            throw PlatformException.invalid("window", "window must be a number of minutes, hours or days between "
                    + "1m and 90d, e.g. ?window=30m, ?window=24h or ?window=7d");
        }
        return length;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
