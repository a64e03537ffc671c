package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool that takes operations from the durable queue, off the HTTP threads. At start it re-queues what a
 * previous process left RUNNING, so a crash loses nothing; {@link #wake()} lets a new request start at once.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long IDLE_POLL_MILLIS = 1000;
    private final OperationRepository operations;
    private final OperationRunner runner;
    private final Semaphore slots;
    private final Semaphore wakeups = new Semaphore(0);
    private final ExecutorService workers;
    private final Clock clock;
    private final Thread dispatcher;
    private final AtomicBoolean stopping;
    private volatile boolean running;

    public WorkerPool(OperationRepository operations, OperationRunner runner, int size, AtomicBoolean stopping,
                      Clock clock) {
        this.stopping = stopping;
        this.operations = operations;
        this.runner = runner;
        this.slots = new Semaphore(size);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(size, r -> new Thread(r, "worker-" + n.incrementAndGet()));
        this.dispatcher = new Thread(this::dispatch, "operation-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public void start() {
        int resumed = operations.requeueInterrupted();
        if (resumed > 0) {
            LOG.info("resuming {} interrupted operations", resumed, kv("resumed", resumed));
        }
        running = true;
        dispatcher.start();
    }

    /** Tells the dispatcher that new work may be queued. */
    public void wake() {
        wakeups.release();
    }

    private void dispatch() {
        while (running) {
            try {
                slots.acquire();
                Optional<Operation> next = running ? operations.claimNext(clock.instant()) : Optional.empty();
                if (next.isEmpty()) {
                    slots.release();
                    wakeups.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                    continue;
                }
                Operation op = next.get();
                workers.execute(() -> {
                    try {
                        runner.run(op);
                    } finally {
                        slots.release();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                slots.release();
                LOG.error("dispatcher could not claim work; retrying", e);
                sleepQuietly(IDLE_POLL_MILLIS);
            }
        }
    }

    /** Stops taking work and gives running operations up to {@code grace} to finish. */
    public void stop(Duration grace) {
        stopping.set(true);
        running = false;
        dispatcher.interrupt();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("operations still running at shutdown; they resume at next start");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
