package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays the kubelet for pods bound to the simulated node: runs, completes and finalizes them. */
final class PodSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodSimulator.class);

    private final KubernetesClient client;
    private final WorkQueue queue;
    private final SimFaults faults;
    private final AtomicInteger nextIp = new AtomicInteger();
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<ConfigMap> faultMap;

    PodSimulator(KubernetesClient client, WorkQueue queue) {
        this.client = client;
        this.queue = queue;
        this.faults = new SimFaults(client);
    }

    void start() {
        // Handlers read the informers' caches, so each field is set before its informer runs.
        pods = client.pods().inAnyNamespace().withField("spec.nodeName", SimNode.NAME).runnableInformer(0);
        pods.addEventHandler(Handlers.onAddOrUpdate(this::enqueue));
        pods.run();
        faultMap = client.configMaps().inNamespace(SimFaults.NAMESPACE).withName(SimFaults.NAME).runnableInformer(0);
        faultMap.addEventHandler(Handlers.onChange((before, after) -> revisit(faultedNamespaces(before, after))));
        faultMap.run();
    }

    private static Set<String> faultedNamespaces(ConfigMap before, ConfigMap after) {
        Set<String> namespaces = new HashSet<>();
        for (ConfigMap cm : new ConfigMap[] {before, after}) {
            if (cm != null && cm.getData() != null) {
                cm.getData().keySet().forEach(key -> namespaces.add(SimFaults.namespaceOf(key)));
            }
        }
        return namespaces;
    }

    /** A fault was set or lifted: pods of those namespaces may have to move on (or stop). */
    private void revisit(Set<String> namespaces) {
        pods.getStore().list().stream()
                .filter(p -> namespaces.contains(p.getMetadata().getNamespace()))
                .forEach(this::enqueue);
    }

    private void enqueue(Pod pod) {
        String key = Cache.metaNamespaceKeyFunc(pod);
        queue.add("pod " + key, () -> reconcile(key));
    }

    private void reconcile(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            finalizeDeletion(pod);
            return;
        }
        // Read faults from the API server, not the informer: a fault set just before the pod was
        // created must apply even if its watch event has not arrived yet.
        Fault fault = SimFaults.faultFor(faults.all(), pod);
        Optional<PodStatus> next = new PodStatuses(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .next(pod, fault, this::allocateIp);
        if (next.isEmpty()) {
            return;
        }
        Pod updated = new PodBuilder(pod).withStatus(next.get()).build();
        try {
            // Carries the cached resourceVersion: a stale view fails with 409 instead of winning.
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
            LOG.info("pod {} -> {}{}", key, next.get().getPhase(), describe(next.get(), fault));
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            LOG.debug("pod {} changed meanwhile; its next event brings it back", key);
        }
    }

    private static String describe(PodStatus status, Fault fault) {
        String ready = "Running".equals(status.getPhase())
                ? (status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                        ? " ready" : " not ready")
                : "";
        return ready + (fault == null ? "" : " (fault " + fault.value() + ")");
    }

    /**
     * The API server keeps a gracefully deleted pod until its kubelet confirms the containers
     * stopped; without this, namespace deletion would hang for good.
     */
    private void finalizeDeletion(Pod cached) {
        var resource = client.pods().inNamespace(cached.getMetadata().getNamespace()).withName(cached.getMetadata().getName());
        // Check the uid live: a StatefulSet may already have made a new pod with the same name.
        Pod live = resource.get();
        if (live == null || !live.getMetadata().getUid().equals(cached.getMetadata().getUid())
                || live.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        resource.withGracePeriod(0).delete();
        LOG.info("pod {}/{} deleted (containers stopped)", cached.getMetadata().getNamespace(), cached.getMetadata().getName());
    }

    private String allocateIp() {
        int n = nextIp.getAndIncrement();
        return "10.244." + (n / 250 % 256) + "." + (n % 250 + 2);
    }

    @Override
    public void close() {
        if (faultMap != null) {
            faultMap.close();
        }
        if (pods != null) {
            pods.close();
        }
    }
}
