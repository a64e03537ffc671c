package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.urumi.devcluster.Handlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Services, Endpoints and Ingresses in every namespace and keeps them in memory: DNS answers and
 * proxy routes are read from here, never from the API server, and the watch handlers only log and update
 * the in-memory route table, so no informer thread ever waits.
 */
final class ClusterCache implements ServiceCatalog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

    private final KubernetesClient client;
    private final IngressRoutes routes;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Endpoints> endpoints;
    private SharedIndexInformer<Ingress> ingresses;

    ClusterCache(KubernetesClient client, IngressRoutes routes) {
        this.client = client;
        this.routes = routes;
    }

    /** Starts watching; returns once every cache holds the cluster's current state. */
    void start() {
        services = client.services().inAnyNamespace().inform(Handlers.onChange((before, after) -> {
            if (LOG.isDebugEnabled()) {
                LOG.debug("service {}: {}", key(before, after), after == null ? "deleted" : describe(after));
            }
        }), 0);
        endpoints = client.endpoints().inAnyNamespace().inform(Handlers.onChange((before, after) -> {
            if (LOG.isDebugEnabled()) {
                LOG.debug("endpoints {}: {}", key(before, after),
                        after == null ? "deleted" : readyCount(after) + " ready");
            }
        }), 0);
        ingresses = client.network().v1().ingresses().inAnyNamespace().inform(Handlers.onChange((before, after) -> {
            if (after == null) {
                routes.remove(before);
            } else {
                routes.put(after);
            }
        }), 0);
    }

    @Override
    public Service service(String namespace, String name) {
        return services.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }

    @Override
    public Endpoints endpoints(String namespace, String name) {
        return endpoints.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }

    @Override
    public boolean hasServices(String namespace) {
        return !services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).isEmpty();
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {ingresses, endpoints, services}) {
            if (informer != null) {
                informer.close();
            }
        }
    }

    private static String describe(Service service) {
        if ("ExternalName".equals(service.getSpec().getType())) {
            return "CNAME " + service.getSpec().getExternalName();
        }
        return ClusterZone.isHeadless(service) ? "headless" : "A " + service.getSpec().getClusterIP();
    }

    private static long readyCount(Endpoints endpoints) {
        return endpoints.getSubsets() == null ? 0
                : endpoints.getSubsets().stream().mapToLong(s -> s.getAddresses().size()).sum();
    }

    private static String key(HasMetadata before, HasMetadata after) {
        return Cache.metaNamespaceKeyFunc(after != null ? after : before);
    }
}
