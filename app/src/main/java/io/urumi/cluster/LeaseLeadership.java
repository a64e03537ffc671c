package io.urumi.cluster;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.urumi.provision.Leadership;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io/v1 Lease (fabric8's LeaderElector). The leader renews the lease every
 * retry period; if it cannot renew within the renew deadline it stops leading, which is before the lease expires
 * and another replica may take it (lease duration).
 */
public final class LeaseLeadership implements Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);
    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final String identity;
    private final Duration leaseDuration;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "leader-election");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<?> election;

    public LeaseLeadership(KubernetesClient client, String namespace, String lease, String identity,
                           Duration leaseDuration) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
    }

    /** Renew deadline two thirds of the lease, retries every sixth: the client-go defaults' proportions (15/10/2). */
    static Duration renewDeadline(Duration leaseDuration) {
        return leaseDuration.multipliedBy(2).dividedBy(3);
    }

    static Duration retryPeriod(Duration leaseDuration) {
        return leaseDuration.dividedBy(6);
    }

    @Override
    public void start(Runnable onStart, Runnable onStop) {
        LOG.info("campaigning for leadership", kv("lease", namespace + "/" + lease), kv("identity", identity));
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> {
            leading.set(true);
            LOG.info("this replica is now the leader", kv("lease", namespace + "/" + lease), kv("identity", identity));
            onStart.run();
        }, () -> {
            boolean was = leading.getAndSet(false);
            if (was && !closing.get()) {
                LOG.error("this replica lost leadership", kv("lease", namespace + "/" + lease),
                        kv("identity", identity));
                onStop.run();
            }
        }, leader -> LOG.info("leader is {}", leader, kv("lease", namespace + "/" + lease), kv("leader", leader)));
        election = new LeaderElectorBuilder(client, executor).withConfig(new LeaderElectionConfigBuilder()
                        .withName("urumi")
                        .withLock(new LeaseLock(namespace, lease, identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline(leaseDuration))
                        .withRetryPeriod(retryPeriod(leaseDuration))
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(callbacks)
                        .build())
                .build().start();
    }

    @Override
    public boolean isLeader() {
        return leading.get();
    }

    @Override
    public void close() {
        closing.set(true);
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true); // releaseOnCancel: the lease is given up, a follower need not wait for it to expire
        }
        leading.set(false);
        executor.shutdown();
    }
}
