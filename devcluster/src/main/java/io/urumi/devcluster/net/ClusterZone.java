package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers questions about cluster.local from the Services and Endpoints the cluster has now, following the
 * Kubernetes DNS specification: ClusterIP, headless (ready endpoints, endpoint hostnames), ExternalName (CNAME)
 * and SRV records for named ports. Pod records ({@code *.pod.cluster.local}) are not served.
 */
final class ClusterZone {
    static final Name ORIGIN = Name.fromConstantString("cluster.local.");
    /** Short, because answers follow pods that come and go and nothing can tell a resolver to forget them. */
    static final long TTL = 5;
    private static final Name SOA_HOST = Name.fromConstantString("ns.dns.cluster.local.");
    private static final Name SOA_ADMIN = Name.fromConstantString("hostmaster.cluster.local.");

    private final ServiceCatalog catalog;
    private final SOARecord soa;

    /** {@code serial} goes into the SOA; any number will do, nothing transfers this zone. */
    ClusterZone(ServiceCatalog catalog, long serial) {
        this.catalog = catalog;
        this.soa = new SOARecord(ORIGIN, DClass.IN, TTL, SOA_HOST, SOA_ADMIN, serial, 7200, 1800, 86400, TTL);
    }

    boolean contains(Name name) {
        return name.subdomain(ORIGIN);
    }

    /** The reply to one question about a name in the zone. */
    record Answer(int rcode, List<Record> answer, List<Record> authority, List<Record> additional) {
    }

    Answer answer(Name name, int type) {
        Records records = records(name, Objects.requireNonNull(ZoneName.parse(name, ORIGIN), "not in the zone"));
        if (records == null) {
            // The SOA lets resolvers cache the "no" for its minimum TTL.
            return new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
        }
        List<Record> matching = new ArrayList<>();
        for (Record record : records.answer) {
            if (type == Type.ANY || record.getType() == type || record.getType() == Type.CNAME) {
                matching.add(record);
            }
        }
        if (matching.isEmpty()) {
            return new Answer(Rcode.NOERROR, List.of(), List.of(soa), List.of());
        }
        // Clients take the first address: a fresh order each time spreads them as CoreDNS's loadbalance does.
        Collections.shuffle(matching);
        boolean srv = matching.stream().anyMatch(r -> r.getType() == Type.SRV);
        return new Answer(Rcode.NOERROR, matching, List.of(), srv ? records.additional : List.of());
    }

    /** A name's records, or null when the name does not exist. */
    private record Records(List<Record> answer, List<Record> additional) {
        static final Records EMPTY = new Records(List.of(), List.of());
    }

    private Records records(Name name, ZoneName zoneName) {
        switch (zoneName.kind()) {
            case APEX:
                return new Records(List.of(soa), List.of());
            case SERVICES:
                return Records.EMPTY;
            case NAMESPACE:
                return catalog.hasServices(zoneName.namespace()) ? Records.EMPTY : null;
            case UNKNOWN:
                return null;
            default:
                break;
        }
        Service service = catalog.service(zoneName.namespace(), zoneName.service());
        if (service == null || service.getSpec() == null) {
            return null;
        }
        switch (zoneName.kind()) {
            case SERVICE:
                return new Records(serviceRecords(name, service), List.of());
            case ENDPOINT:
                return endpointRecords(name, service, zoneName.endpoint());
            case PROTOCOL:
                return service.getSpec().getPorts().stream()
                        .anyMatch(p -> hasName(p.getName()) && protocol(p.getProtocol()).equals(zoneName.protocol()))
                        ? Records.EMPTY : null;
            case SRV:
                return srvRecords(name, service, zoneName.port(), zoneName.protocol());
            default:
                return null;
        }
    }

    private List<Record> serviceRecords(Name owner, Service service) {
        ServiceSpec spec = service.getSpec();
        if ("ExternalName".equals(spec.getType())) {
            Name target = absolute(spec.getExternalName());
            return target == null ? List.of() : List.of(new CNAMERecord(owner, DClass.IN, TTL, target));
        }
        if (isHeadless(service)) {
            List<Record> records = new ArrayList<>();
            readyAddresses(service).keySet().forEach(ip -> addAddress(records, owner, ip));
            return records;
        }
        List<Record> records = new ArrayList<>();
        List<String> clusterIps = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()
                ? (spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP()))
                : spec.getClusterIPs();
        clusterIps.forEach(ip -> addAddress(records, owner, ip));
        return records;
    }

    /** Endpoint names exist for headless services only, as in CoreDNS. */
    private Records endpointRecords(Name owner, Service service, String label) {
        if (!isHeadless(service)) {
            return null;
        }
        List<Record> records = new ArrayList<>();
        readyAddresses(service).forEach((ip, address) -> {
            if (endpointLabel(address).equalsIgnoreCase(label)) {
                addAddress(records, owner, ip);
            }
        });
        return records.isEmpty() ? null : new Records(records, List.of());
    }

    private Records srvRecords(Name owner, Service service, String port, String protocol) {
        Name serviceName = serviceName(service);
        boolean declared = service.getSpec().getPorts().stream()
                .anyMatch(p -> port.equalsIgnoreCase(p.getName()) && protocol(p.getProtocol()).equals(protocol));
        if (!isHeadless(service)) {
            if (!declared || "ExternalName".equals(service.getSpec().getType())) {
                return declared ? Records.EMPTY : null;
            }
            List<Record> answer = new ArrayList<>();
            for (ServicePort servicePort : service.getSpec().getPorts()) {
                if (port.equalsIgnoreCase(servicePort.getName())
                        && protocol(servicePort.getProtocol()).equals(protocol)) {
                    answer.add(new SRVRecord(owner, DClass.IN, TTL, 0, 100, servicePort.getPort(), serviceName));
                }
            }
            return new Records(answer, serviceRecords(serviceName, service));
        }
        // Headless: one SRV per ready endpoint, pointing at the endpoint's own name and port.
        List<Record> answer = new ArrayList<>();
        List<Record> additional = new ArrayList<>();
        Endpoints endpoints = catalog.endpoints(service.getMetadata().getNamespace(), service.getMetadata().getName());
        List<EndpointSubset> subsets = endpoints == null || endpoints.getSubsets() == null
                ? List.of() : endpoints.getSubsets();
        for (EndpointSubset subset : subsets) {
            for (EndpointPort endpointPort : subset.getPorts()) {
                if (!port.equalsIgnoreCase(endpointPort.getName())
                        || !protocol(endpointPort.getProtocol()).equals(protocol)) {
                    continue;
                }
                declared = true;
                int weight = Math.max(1, 100 / Math.max(1, subset.getAddresses().size()));
                for (EndpointAddress address : subset.getAddresses()) {
                    Name target = child(endpointLabel(address), serviceName);
                    if (target != null) {
                        answer.add(new SRVRecord(owner, DClass.IN, TTL, 0, weight, endpointPort.getPort(), target));
                        addAddress(additional, target, address.getIp());
                    }
                }
            }
        }
        return declared ? new Records(answer, additional) : null;
    }

    /** Ready addresses by IP, sorted so that answers do not depend on the order the API returned. */
    private Map<String, EndpointAddress> readyAddresses(Service service) {
        Endpoints endpoints = catalog.endpoints(service.getMetadata().getNamespace(), service.getMetadata().getName());
        Map<String, EndpointAddress> addresses = new LinkedHashMap<>();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return addresses;
        }
        endpoints.getSubsets().stream()
                .flatMap(subset -> subset.getAddresses().stream())
                .filter(address -> address.getIp() != null)
                .sorted((a, b) -> a.getIp().compareTo(b.getIp()))
                .forEach(address -> addresses.putIfAbsent(address.getIp(), address));
        return addresses;
    }

    static boolean isHeadless(Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    /** An endpoint's own label: its hostname (StatefulSet pods) or else its IP with dashes, as kube-dns did. */
    static String endpointLabel(EndpointAddress address) {
        return hasName(address.getHostname())
                ? address.getHostname()
                : address.getIp().replace('.', '-').replace(':', '-');
    }

    private static Name serviceName(Service service) {
        return child(service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc", ORIGIN);
    }

    private static void addAddress(List<Record> records, Name owner, String ip) {
        InetAddress address;
        try {
            address = Address.getByAddress(ip); // a literal only: never a lookup
        } catch (UnknownHostException notAnIp) {
            return;
        }
        records.add(address instanceof Inet4Address
                ? new ARecord(owner, DClass.IN, TTL, address)
                : new AAAARecord(owner, DClass.IN, TTL, address));
    }

    private static String protocol(String protocol) {
        return protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    }

    private static boolean hasName(String name) {
        return name != null && !name.isBlank();
    }

    private static Name child(String labels, Name parent) {
        try {
            return Name.concatenate(Name.fromString(labels), parent);
        } catch (TextParseException | NameTooLongException e) {
            return null;
        }
    }

    private static Name absolute(String name) {
        if (!hasName(name)) {
            return null;
        }
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return null;
        }
    }
}
