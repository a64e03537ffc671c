package io.urumi.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether the database and the cluster answer. The readiness probe asks live; pages show the last result checked
 * in the background, because an unreachable cluster can take seconds to time out and a page must not wait for it.
 */
public final class PlatformHealth implements AutoCloseable {
    private final BooleanSupplier database;
    private final BooleanSupplier cluster;
    private final Duration period;
    private final Clock clock;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "platform-health");
        t.setDaemon(true);
        return t;
    });
    private volatile Status last = Status.UNKNOWN;
    private volatile BooleanSupplier leader = () -> true;

    /** One look at both dependencies; {@code checkedAt} is null before the first look. */
    public record Status(boolean database, boolean cluster, Instant checkedAt) {
        static final Status UNKNOWN = new Status(false, false, null);

        public boolean known() {
            return checkedAt != null;
        }

        public boolean up() {
            return database && cluster;
        }
    }

    public PlatformHealth(BooleanSupplier database, BooleanSupplier cluster, Duration period, Clock clock) {
        this.database = database;
        this.cluster = cluster;
        this.period = period;
        this.clock = clock;
    }

    /** Starts checking now and every period after. */
    public PlatformHealth start() {
        checker.scheduleWithFixedDelay(this::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Checks both now (blocking) and remembers the answer. */
    public Status check() {
        Status now = new Status(database.getAsBoolean(), cluster.getAsBoolean(), clock.instant());
        last = now;
        return now;
    }

    /** Where several replicas elect one to run the workers: whether this one leads. */
    public void reportLeadership(BooleanSupplier isLeader) {
        this.leader = isLeader;
    }

    public boolean leader() {
        return leader.getAsBoolean();
    }

    /** The latest answer, without waiting. */
    public Status lastKnown() {
        return last;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
