package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;

/** The Services and Endpoints that DNS answers and ingress routes are made from, as last seen. */
interface ServiceCatalog {

    /** The Service, or null when there is none. */
    Service service(String namespace, String name);

    /** The Service's Endpoints, or null when there are none (yet). */
    Endpoints endpoints(String namespace, String name);

    /** Whether the namespace holds any Service, which makes {@code <namespace>.svc.cluster.local} exist. */
    boolean hasServices(String namespace);
}
