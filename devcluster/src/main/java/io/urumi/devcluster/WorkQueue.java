package io.urumi.devcluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator's reconcile tasks one at a time, collapsing repeated requests for one key and
 * retrying failed ones with a capped backoff.
 *
 * <p>One thread keeps informer callbacks free of blocking API calls and makes the simulator's own
 * writes strictly ordered, so no two tasks race on the same object.
 */
public final class WorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 2_000;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-simulator");
        t.setDaemon(true);
        return t;
    });
    /** Keys waiting to run, with the delay to use if that run fails. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /** Runs {@code task} soon unless a run for {@code key} is already waiting. */
    void add(String key, Runnable task) {
        submit(key, task, 0, FIRST_RETRY_MS);
    }

    private void submit(String key, Runnable task, long delayMs, long nextRetryMs) {
        if (pending.putIfAbsent(key, nextRetryMs) != null) {
            return;
        }
        try {
            executor.schedule(() -> run(key, task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            pending.remove(key);
        }
    }

    private void run(String key, Runnable task) {
        // Removed before running, so an event arriving meanwhile schedules a fresh run.
        long retryMs = pending.remove(key);
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed, retrying in {} ms: {}", key, retryMs, e.toString());
            submit(key, task, retryMs, Math.min(retryMs * 2, MAX_RETRY_MS));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
