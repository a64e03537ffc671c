package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out one claimed operation and records how it ended, on the operation and on the store. */
public final class OperationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final Map<Operation.Type, StoreOperation> byType;
    private final BooleanSupplier stopping;
    private final Retries retries;
    private final WorkMetrics metrics;
    private Runnable wake = () -> { };
    private final Clock clock;

    /** {@code byType} carries out each operation type; every type must have its operation. */
    public OperationRunner(StoreRepository stores, OperationRepository operations,
                           Map<Operation.Type, StoreOperation> byType, BooleanSupplier stopping, Retries retries,
                           WorkMetrics metrics, Clock clock) {
        for (Operation.Type type : Operation.Type.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalArgumentException("no operation carries out " + type);
            }
        }
        this.stores = stores;
        this.operations = operations;
        this.byType = Map.copyOf(byType);
        this.stopping = stopping;
        this.retries = retries;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Lets a follow-up operation start at once instead of at the next poll. */
    public void onFollowUp(Runnable wakeWorkers) {
        this.wake = wakeWorkers;
    }

    /** Runs the operation with its store, operation and release in every log line's fields. */
    public void run(Operation op) {
        try (StoreLogContext ignored = StoreLogContext.of(op.storeId(), op.id())) {
            runLogged(op);
        }
    }

    private void runLogged(Operation op) {
        Store store = stores.find(op.storeId()).orElseThrow(() ->
                new IllegalStateException("operation " + op.id() + " names unknown store " + op.storeId()));
        LOG.info("operation started: {}", op.type(), kv("operationType", op.type()), kv("attempt", op.attempts()));
        try {
            byType.get(op.type()).run(store, op);
            operations.succeed(op.id(), clock.instant());
            metrics.operationFinished(op.type(), WorkMetrics.Outcome.SUCCEEDED);
            if (op.type() == Operation.Type.CREATE || op.type() == Operation.Type.RETRY) {
                stores.find(op.storeId()).map(Store::provisioningDuration).ifPresent(metrics::storeProvisioned);
            }
            LOG.info("operation succeeded: {}", op.type(), kv("operationType", op.type()));
            deleteIfRequested(op);
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                // Interrupted by shutdown, not failed: the operation stays RUNNING and resumes at the next start.
                LOG.info("operation interrupted by shutdown; it resumes at next start");
                return;
            }
            handle(op, e);
            deleteIfRequested(op);
        }
    }

    /** A deletion asked for while this operation ran follows it now that the store's queue slot is free. */
    private void deleteIfRequested(Operation op) {
        if (op.type() != Operation.Type.DELETE && stores.deletionRequested(op.storeId())) {
            Instant now = clock.instant();
            stores.transitionAndQueue(op.storeId(), EnumSet.complementOf(EnumSet.of(StoreState.DELETED,
                    StoreState.DELETING)), StoreState.DELETING, Operation.Type.DELETE, null, op.requestedBy(),
                    "Deletion starts now that the previous operation has stopped", now);
            wake.run();
        }
    }

    private void handle(Operation op, RuntimeException failure) {
        if (failure instanceof StepFailure e && e.isTransient()) {
            if (op.attempts() < retries.maxAttempts()) {
                Duration wait = retries.backoff(op.attempts());
                operations.retryLater(op.id(), e.step() + ": " + e.getMessage(), clock.instant().plus(wait));
                stores.addEvent(op.storeId(), op.id(), e.step(), StoreEvent.Status.INFO, "Attempt " + op.attempts()
                        + " of " + retries.maxAttempts() + " failed; trying again in " + wait.toSeconds() + " s",
                        clock.instant());
                metrics.operationFinished(op.type(), WorkMetrics.Outcome.RETRYING);
                LOG.warn("transient failure, retrying in {} s: {}", wait.toSeconds(), e.getMessage(),
                        kv("step", e.step()), kv("attempt", op.attempts()));
                return;
            }
            fail(op, e.step(), e.getMessage() + " (gave up after " + op.attempts() + " attempts)", e);
            return;
        }
        if (failure instanceof StepFailure e) {
            if (e.storeStillReady()) {
                operations.fail(op.id(), e.step() + ": " + e.getMessage(), clock.instant());
                metrics.operationFinished(op.type(), WorkMetrics.Outcome.FAILED);
                LOG.warn("operation failed, store still ready: {}", e.getMessage(), kv("step", e.step()));
                return;
            }
            fail(op, e.step(), e.getMessage(), e);
        } else {
            fail(op, "internal", "The platform hit an unexpected error: " + failure.getMessage()
                    + ". Retry; if it happens again, report it with the operation id " + op.id() + ".", failure);
        }
    }

    private void fail(Operation op, String step, String reason, RuntimeException cause) {
        stores.markFailed(op.storeId(), step, reason, clock.instant());
        operations.fail(op.id(), step + ": " + reason, clock.instant());
        metrics.operationFinished(op.type(), WorkMetrics.Outcome.FAILED);
        LOG.warn("operation failed at step {}: {}", step, reason, kv("step", step), cause);
    }
}
