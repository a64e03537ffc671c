package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the cloud load balancer: gives LoadBalancer Services an ingress address, without which
 * Helm's wait never considers them ready.
 */
final class LoadBalancerSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerSimulator.class);

    private final KubernetesClient client;
    private final WorkQueue queue;
    private SharedIndexInformer<Service> services;

    LoadBalancerSimulator(KubernetesClient client, WorkQueue queue) {
        this.client = client;
        this.queue = queue;
    }

    void start() {
        services = client.services().inAnyNamespace().runnableInformer(0);
        services.addEventHandler(Handlers.onAddOrUpdate(service -> {
            if (needsAddress(service)) {
                String key = Cache.metaNamespaceKeyFunc(service);
                queue.add("service " + key, () -> assignAddress(key));
            }
        }));
        services.run();
    }

    private static boolean needsAddress(Service service) {
        return "LoadBalancer".equals(service.getSpec().getType())
                && (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                        || service.getStatus().getLoadBalancer().getIngress().isEmpty());
    }

    private void assignAddress(String key) {
        Service service = services.getStore().getByKey(key);
        if (service == null || !needsAddress(service)) {
            return;
        }
        Service updated = new ServiceBuilder(service).editOrNewStatus().editOrNewLoadBalancer()
                .addNewIngress().withIp(SimNode.HOST_IP).endIngress()
                .endLoadBalancer().endStatus().build();
        try {
            client.services().inNamespace(service.getMetadata().getNamespace()).resource(updated).updateStatus();
            LOG.info("service {} -> load balancer {}", key, SimNode.HOST_IP);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
    }
}
