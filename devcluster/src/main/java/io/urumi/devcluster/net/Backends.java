package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the next ready endpoint of an ingress backend, round-robin. Like ingress-nginx it proxies to the
 * Service's Endpoints rather than its ClusterIP: the service port (by name or number) names the endpoint port,
 * which the Endpoints controller has already resolved from the pods' targetPort.
 */
final class Backends {

    /** Where one request goes, or why it cannot go anywhere. */
    sealed interface Pick permits Target, Unavailable {
    }

    record Target(String ip, int port) implements Pick {
    }

    record Unavailable(String reason) implements Pick {
    }

    private final ServiceCatalog catalog;
    private final Map<IngressRoutes.Backend, AtomicInteger> turns = new ConcurrentHashMap<>();

    Backends(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    Pick pick(IngressRoutes.Backend backend) {
        String service = backend.namespace() + "/" + backend.service();
        Service found = catalog.service(backend.namespace(), backend.service());
        if (found == null || found.getSpec() == null) {
            return new Unavailable("service " + service + " does not exist");
        }
        ServicePort port = found.getSpec().getPorts().stream()
                .filter(p -> backend.portNumber() != null ? backend.portNumber().equals(p.getPort())
                        : Objects.equals(backend.portName(), p.getName()))
                .findFirst().orElse(null);
        if (port == null) {
            return new Unavailable("service " + service + " has no port " + backend.port());
        }
        if ("ExternalName".equals(found.getSpec().getType())) {
            return new Unavailable("service " + service
                    + " is an ExternalName service; this ingress proxies to endpoints only");
        }
        List<Target> targets = readyTargets(catalog.endpoints(backend.namespace(), backend.service()), port);
        if (targets.isEmpty()) {
            return new Unavailable("no ready endpoint for service " + service + " port " + backend.port());
        }
        int turn = turns.computeIfAbsent(backend, b -> new AtomicInteger()).getAndIncrement();
        return targets.get(Math.floorMod(turn, targets.size()));
    }

    /** Sorted, so that round-robin walks the same order whatever order the API listed them in. */
    private static List<Target> readyTargets(Endpoints endpoints, ServicePort servicePort) {
        List<Target> targets = new ArrayList<>();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return targets;
        }
        for (EndpointSubset subset : endpoints.getSubsets()) {
            EndpointPort port = endpointPort(subset.getPorts(), servicePort);
            if (port == null || port.getPort() == null) {
                continue;
            }
            for (EndpointAddress address : subset.getAddresses()) {
                if (address.getIp() != null) {
                    targets.add(new Target(address.getIp(), port.getPort()));
                }
            }
        }
        targets.sort(Comparator.comparing(Target::ip).thenComparingInt(Target::port));
        return targets;
    }

    /** The Endpoints controller names each endpoint port after its service port; one unnamed port stands alone. */
    private static EndpointPort endpointPort(List<EndpointPort> ports, ServicePort servicePort) {
        String name = servicePort.getName() == null ? "" : servicePort.getName();
        for (EndpointPort port : ports) {
            if (name.equals(port.getName() == null ? "" : port.getName())) {
                return port;
            }
        }
        return name.isEmpty() && ports.size() == 1 ? ports.get(0) : null;
    }
}
