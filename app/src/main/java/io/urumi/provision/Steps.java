package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.store.StepPlan;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs named steps, records a STARTED and a DONE or FAILED event for each, and turns errors into StepFailure. */
final class Steps {
    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);
    private final StoreRepository stores;
    private final String storeId;
    private final long operationId;
    private final Clock clock;
    private final boolean stopsForDeletion;
    private final StepPlan plan;

    /** Steps of an operation that a deletion request stops between two steps (everything but deletion). */
    Steps(StoreRepository stores, String storeId, long operationId, StepPlan plan, Clock clock) {
        this(stores, storeId, operationId, plan, clock, true);
    }

    Steps(StoreRepository stores, String storeId, long operationId, StepPlan plan, Clock clock,
          boolean stopsForDeletion) {
        this.stopsForDeletion = stopsForDeletion;
        this.plan = plan;
        this.stores = stores;
        this.storeId = storeId;
        this.operationId = operationId;
        this.clock = clock;
    }

    /** Runs a step of the operation's plan; a step the plan does not declare is a bug, refused before it runs. */
    <T> T run(String step, String starting, Supplier<T> action) {
        if (plan.step(step).isEmpty()) {
            throw new IllegalStateException("step '" + step + "' is not in the operation's plan " + plan.keys());
        }
        if (stopsForDeletion && stores.deletionRequested(storeId)) {
            stores.addEvent(storeId, operationId, step, StoreEvent.Status.INFO,
                    "Stopped before '" + step + "': the store is to be deleted", clock.instant());
            throw StepFailure.cancelled(step);
        }
        stores.addEvent(storeId, operationId, step, StoreEvent.Status.STARTED, starting, clock.instant());
        LOG.info("step started: {}", step, kv("step", step));
        try {
            T result = action.get();
            String done = result instanceof String s ? s : step + " done";
            stores.addEvent(storeId, operationId, step, StoreEvent.Status.DONE, done, clock.instant());
            return result;
        } catch (RuntimeException e) {
            StepFailure failure = e instanceof StepFailure f ? f : Failures.failure(step, e);
            stores.addEvent(storeId, operationId, failure.step(), StoreEvent.Status.FAILED, failure.getMessage(),
                    clock.instant());
            throw failure;
        }
    }

    void note(String step, String message) {
        stores.addEvent(storeId, operationId, step, StoreEvent.Status.INFO, message, clock.instant());
    }
}
