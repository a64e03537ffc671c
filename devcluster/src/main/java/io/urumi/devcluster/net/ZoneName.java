package io.urumi.devcluster.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * What a name under cluster.local refers to, read the way kube-dns and CoreDNS read it:
 * {@code [<endpoint>.]<service>.<namespace>.svc.cluster.local} and
 * {@code _<port>._<protocol>.<service>.<namespace>.svc.cluster.local}.
 */
record ZoneName(Kind kind, String namespace, String service, String endpoint, String port, String protocol) {

    enum Kind {
        /** cluster.local itself. */
        APEX,
        /** svc.cluster.local: exists because services live under it, has no records. */
        SERVICES,
        /** {@code <namespace>.svc.cluster.local}. */
        NAMESPACE,
        /** {@code <service>.<namespace>.svc.cluster.local}. */
        SERVICE,
        /** {@code <hostname or dashed IP>.<service>.<namespace>.svc.cluster.local}. */
        ENDPOINT,
        /** {@code _<protocol>.<service>.<namespace>.svc.cluster.local}: on the way to SRV names. */
        PROTOCOL,
        /** {@code _<port>._<protocol>.<service>.<namespace>.svc.cluster.local}. */
        SRV,
        /** Any other name in the zone (pod records and the like are not served): it does not exist. */
        UNKNOWN
    }

    /** The zone's name relative to itself, or null when {@code name} is outside {@code zone}. */
    static ZoneName parse(Name name, Name zone) {
        if (!name.subdomain(zone)) {
            return null;
        }
        // Labels left of the zone, rightmost first; lower-cased because DNS names are case-insensitive.
        List<String> labels = new ArrayList<>();
        for (int i = name.labels() - zone.labels() - 1; i >= 0; i--) {
            labels.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        if (labels.isEmpty()) {
            return of(Kind.APEX);
        }
        if (!labels.get(0).equals("svc")) {
            return of(Kind.UNKNOWN);
        }
        switch (labels.size()) {
            case 1:
                return of(Kind.SERVICES);
            case 2:
                return new ZoneName(Kind.NAMESPACE, labels.get(1), null, null, null, null);
            case 3:
                return new ZoneName(Kind.SERVICE, labels.get(1), labels.get(2), null, null, null);
            case 4: {
                String label = labels.get(3);
                if (label.startsWith("_")) {
                    return new ZoneName(Kind.PROTOCOL, labels.get(1), labels.get(2), null, null, label.substring(1));
                }
                return new ZoneName(Kind.ENDPOINT, labels.get(1), labels.get(2), label, null, null);
            }
            case 5: {
                String protocol = labels.get(3);
                String port = labels.get(4);
                if (protocol.startsWith("_") && port.startsWith("_")) {
                    return new ZoneName(Kind.SRV, labels.get(1), labels.get(2), null, port.substring(1),
                            protocol.substring(1));
                }
                return of(Kind.UNKNOWN);
            }
            default:
                return of(Kind.UNKNOWN);
        }
    }

    private static ZoneName of(Kind kind) {
        return new ZoneName(kind, null, null, null, null, null);
    }
}
