package io.urumi.devcluster.net;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress rules in force and the one a request matches, chosen as ingress-nginx chooses: the host first
 * (exact, then wildcard, then rules without a host), then the longest matching path, Exact before Prefix, the
 * older Ingress on a tie. ImplementationSpecific paths match as Prefix; an Ingress's default backend acts as a
 * rule for any host and path.
 */
final class IngressRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(IngressRoutes.class);
    /** The class an Ingress asks for before ingressClassName existed; still set by many charts. */
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    /** Where matching requests go: a port (by name or number) of a Service in the Ingress's namespace. */
    record Backend(String namespace, String service, String portName, Integer portNumber) {
        String port() {
            return portNumber != null ? String.valueOf(portNumber) : portName;
        }

        @Override
        public String toString() {
            return namespace + "/" + service + ":" + port();
        }
    }

    /** One path of one rule; {@code host} null matches any host. */
    record Route(String host, String path, boolean exact, Backend backend, String ingress, String created) {
        boolean matches(String requestPath) {
            if (exact) {
                return requestPath.equals(path);
            }
            // Prefix matches whole path elements: /shop matches /shop and /shop/cart, not /shopping.
            return path.equals("/") || requestPath.equals(path) || requestPath.startsWith(path + "/");
        }

        @Override
        public String toString() {
            return (host == null ? "*" : host) + path + (exact ? " (Exact)" : "") + " -> " + backend;
        }
    }

    /** The outcome of a lookup: a route, or why there is none. */
    record Lookup(Route route, boolean hostKnown) {
    }

    private static final Comparator<Route> PRECEDENCE = Comparator
            .comparingInt((Route r) -> -r.path().length())
            .thenComparing(r -> !r.exact())
            .thenComparing(Route::created)
            .thenComparing(Route::ingress);

    private final String ingressClass;
    private final Map<String, List<Route>> byIngress = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Table table = Table.build(0, List.of());

    /** {@code ingressClass} null serves every Ingress; otherwise that class and Ingresses that name none. */
    IngressRoutes(String ingressClass) {
        this.ingressClass = ingressClass;
    }

    /** Takes in an added or changed Ingress: in memory only, so informer threads never wait here. */
    void put(Ingress ingress) {
        String key = Cache.metaNamespaceKeyFunc(ingress);
        if (!served(ingress)) {
            if (byIngress.remove(key) != null) {
                version.incrementAndGet();
            }
            LOG.debug("ingress {} ignored: class {} is not {}", key, classOf(ingress), ingressClass);
            return;
        }
        List<Route> routes = routesOf(ingress);
        List<Route> before = byIngress.put(key, routes);
        if (!routes.equals(before)) {
            version.incrementAndGet();
            LOG.debug("ingress {} routes {}", key, routes);
        }
    }

    void remove(Ingress ingress) {
        String key = Cache.metaNamespaceKeyFunc(ingress);
        if (byIngress.remove(key) != null) {
            version.incrementAndGet();
            LOG.debug("ingress {} removed", key);
        }
    }

    /** The route for a request; {@code host} without port, lower case. */
    Lookup match(String host, String path) {
        Table current = current();
        List<Route> candidates = current.exact.get(host);
        if (candidates == null) {
            int dot = host.indexOf('.');
            candidates = dot > 0 ? current.wildcard.get(host.substring(dot + 1)) : null;
        }
        if (candidates == null && !current.any.isEmpty()) {
            candidates = current.any;
        }
        if (candidates == null) {
            return new Lookup(null, false);
        }
        // As in nginx, a host's server answers alone: no fallback to rules of other hosts.
        for (Route route : candidates) {
            if (route.matches(path)) {
                return new Lookup(route, true);
            }
        }
        return new Lookup(null, true);
    }

    /** Rebuilt on the first request after a change, so a burst of events costs one rebuild. */
    private Table current() {
        Table built = table;
        long now = version.get();
        if (built.version != now) {
            built = Table.build(now, byIngress.values());
            table = built;
        }
        return built;
    }

    private boolean served(Ingress ingress) {
        String requested = classOf(ingress);
        return ingressClass == null || requested == null || requested.equals(ingressClass);
    }

    private static String classOf(Ingress ingress) {
        if (ingress.getSpec() != null && ingress.getSpec().getIngressClassName() != null) {
            return ingress.getSpec().getIngressClassName();
        }
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(CLASS_ANNOTATION);
    }

    static List<Route> routesOf(Ingress ingress) {
        String key = Cache.metaNamespaceKeyFunc(ingress);
        String namespace = ingress.getMetadata().getNamespace();
        String created = ingress.getMetadata().getCreationTimestamp() == null
                ? "" : ingress.getMetadata().getCreationTimestamp();
        List<Route> routes = new ArrayList<>();
        if (ingress.getSpec() == null) {
            return routes;
        }
        for (IngressRule rule : ingress.getSpec().getRules()) {
            if (rule.getHttp() == null) {
                continue;
            }
            String host = rule.getHost() == null || rule.getHost().isBlank()
                    ? null : rule.getHost().toLowerCase(Locale.ROOT);
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                Backend backend = backendOf(namespace, path.getBackend());
                if (backend != null) {
                    boolean exact = "Exact".equals(path.getPathType());
                    routes.add(new Route(host, normalize(path.getPath(), exact), exact, backend, key, created));
                }
            }
        }
        Backend fallback = backendOf(namespace, ingress.getSpec().getDefaultBackend());
        if (fallback != null) {
            routes.add(new Route(null, "/", false, fallback, key, created));
        }
        return routes;
    }

    /** Service backends only; resource backends name no Service to proxy to. */
    private static Backend backendOf(String namespace, IngressBackend backend) {
        if (backend == null || backend.getService() == null || backend.getService().getPort() == null) {
            return null;
        }
        IngressServiceBackend service = backend.getService();
        return new Backend(namespace, service.getName(), service.getPort().getName(), service.getPort().getNumber());
    }

    private static String normalize(String path, boolean exact) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        if (!exact && path.length() > 1 && path.endsWith("/")) {
            return path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Routes grouped by host kind, each group in order of precedence. */
    private static final class Table {
        final long version;
        final Map<String, List<Route>> exact = new HashMap<>();
        /** By the domain under the wildcard: {@code *.example.com} under {@code example.com}. */
        final Map<String, List<Route>> wildcard = new HashMap<>();
        final List<Route> any;

        private Table(long version, List<Route> any) {
            this.version = version;
            this.any = any;
        }

        static Table build(long version, Iterable<List<Route>> routes) {
            List<Route> all = new ArrayList<>();
            routes.forEach(all::addAll);
            all.sort(PRECEDENCE);
            Table table = new Table(version, all.stream().filter(r -> r.host() == null).collect(Collectors.toList()));
            for (Route route : all) {
                if (route.host() == null) {
                    continue;
                }
                if (route.host().startsWith("*.")) {
                    table.wildcard.computeIfAbsent(route.host().substring(2), h -> new ArrayList<>()).add(route);
                } else {
                    table.exact.computeIfAbsent(route.host(), h -> new ArrayList<>()).add(route);
                }
            }
            return table;
        }
    }
}
