package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services and Endpoints held in maps, standing in for the informer caches in unit tests. */
final class FakeCatalog implements ServiceCatalog {
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Endpoints> endpoints = new HashMap<>();

    FakeCatalog add(Service service) {
        services.put(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(), service);
        return this;
    }

    FakeCatalog add(Endpoints e) {
        endpoints.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), e);
        return this;
    }

    @Override
    public Service service(String namespace, String name) {
        return services.get(namespace + "/" + name);
    }

    @Override
    public Endpoints endpoints(String namespace, String name) {
        return endpoints.get(namespace + "/" + name);
    }

    @Override
    public boolean hasServices(String namespace) {
        return services.keySet().stream().anyMatch(key -> key.startsWith(namespace + "/"));
    }

    static Service clusterIp(String namespace, String name, String ip, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withPorts(ports).endSpec().build();
    }

    static Service headless(String namespace, String name, ServicePort... ports) {
        return clusterIp(namespace, name, "None", ports);
    }

    static Service externalName(String namespace, String name, String target) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
    }

    static ServicePort port(String name, int port, String targetPort) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
                .withNewTargetPort(targetPort).build();
    }

    static Endpoints endpoints(String namespace, String name, EndpointSubset... subsets) {
        return new EndpointsBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withSubsets(subsets).build();
    }

    static EndpointSubset subset(List<EndpointAddress> ready, List<EndpointAddress> notReady, EndpointPort... ports) {
        return new EndpointSubsetBuilder().withAddresses(ready).withNotReadyAddresses(notReady).withPorts(ports).build();
    }

    static EndpointAddress address(String ip) {
        return new EndpointAddressBuilder().withIp(ip).build();
    }

    static EndpointAddress address(String ip, String hostname) {
        return new EndpointAddressBuilder().withIp(ip).withHostname(hostname).build();
    }

    static EndpointPort endpointPort(String name, int port) {
        return new EndpointPort(null, name, port, "TCP");
    }
}
