package io.urumi.provision;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.urumi.cluster.StoreNames;
import io.urumi.store.Operation;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out one claimed operation and records how it ended, on the operation and on the store. */
public final class OperationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    private final StoreRepository stores;
    private final OperationRepository operations;
    private final Provisioner provisioner;
    private final Deprovisioner deprovisioner;
    private final Upgrader upgrader;
    private final Clock clock;

    public OperationRunner(StoreRepository stores, OperationRepository operations, Provisioner provisioner,
                           Deprovisioner deprovisioner, Upgrader upgrader, Clock clock) {
        this.stores = stores;
        this.operations = operations;
        this.provisioner = provisioner;
        this.deprovisioner = deprovisioner;
        this.upgrader = upgrader;
        this.clock = clock;
    }

    public void run(Operation op) {
        Store store = stores.find(op.storeId()).orElseThrow(() ->
                new IllegalStateException("operation " + op.id() + " names unknown store " + op.storeId()));
        LOG.info("operation started: {}", op.type(), kv("store", op.storeId()), kv("operation", op.id()),
                kv("release", StoreNames.release(op.storeId())), kv("attempt", op.attempts()));
        try {
            switch (op.type()) {
                case CREATE, RETRY -> provisioner.provision(store, op);
                case DELETE -> deprovisioner.delete(store, op);
                case UPGRADE -> upgrader.upgrade(store, op);
                case ROLLBACK -> upgrader.rollback(store, op);
            }
            operations.succeed(op.id(), clock.instant());
            LOG.info("operation succeeded: {}", op.type(), kv("store", op.storeId()), kv("operation", op.id()));
        } catch (StepFailure e) {
            if (e.storeStillReady()) {
                operations.fail(op.id(), e.step() + ": " + e.getMessage(), clock.instant());
                LOG.warn("operation failed, store still ready: {}", e.getMessage(), kv("store", op.storeId()),
                        kv("operation", op.id()), kv("step", e.step()));
                return;
            }
            fail(op, e.step(), e.getMessage(), e);
        } catch (RuntimeException e) {
            fail(op, "internal", "The platform hit an unexpected error: " + e.getMessage()
                    + ". Retry; if it happens again, report it with the operation id " + op.id() + ".", e);
        }
    }

    private void fail(Operation op, String step, String reason, RuntimeException cause) {
        stores.markFailed(op.storeId(), step, reason, clock.instant());
        operations.fail(op.id(), step + ": " + reason, clock.instant());
        LOG.warn("operation failed at step {}: {}", step, reason, kv("store", op.storeId()), kv("operation", op.id()),
                kv("release", StoreNames.release(op.storeId())), kv("step", step), cause);
    }
}
