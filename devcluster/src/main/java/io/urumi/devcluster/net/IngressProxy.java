package io.urumi.devcluster.net;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.proxy.ProxyServlet;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's ingress: an HTTP reverse proxy (Jetty's {@link ProxyServlet}) that routes each request by its Host
 * header and path to a ready endpoint of the backend Service, keeping the Host and adding X-Forwarded-*.
 * Plain HTTP only: the Ingresses' TLS sections are not served.
 */
final class IngressProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngressProxy.class);

    private final InetSocketAddress requested;
    private final IngressRoutes routes;
    private final Backends backends;
    private Server server;
    private ServerConnector connector;

    IngressProxy(InetSocketAddress address, IngressRoutes routes, Backends backends) {
        this.requested = address;
        this.routes = routes;
        this.backends = backends;
    }

    void start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("ingress");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(requested.getHostString());
        connector.setPort(requested.getPort());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder proxy = new ServletHolder("ingress", new RoutingServlet(routes, backends));
        proxy.setInitParameter("preserveHost", "true");
        proxy.setInitParameter("maxThreads", "-"); // the server's pool, not a second one
        context.addServlet(proxy, "/*");
        server.setHandler(context);
        server.start();
    }

    /** The address served, with the port actually bound. */
    InetSocketAddress address() {
        return new InetSocketAddress(requested.getAddress(), connector.getLocalPort());
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("ingress proxy did not stop cleanly: {}", e.toString());
        }
    }

    /** The host a Host header names, without port or trailing dot, lower case; "" when absent. */
    static String hostOf(String header) {
        if (header == null) {
            return "";
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** Chooses the target of each request; says in plain text why when there is none. */
    private static final class RoutingServlet extends ProxyServlet {
        private static final String REFUSAL = RoutingServlet.class.getName() + ".refusal";

        private record Refusal(int status, String message) {
        }

        private final transient IngressRoutes routes;
        private final transient Backends backends;

        RoutingServlet(IngressRoutes routes, Backends backends) {
            this.routes = routes;
            this.backends = backends;
        }

        @Override
        protected String rewriteTarget(HttpServletRequest request) {
            String host = hostOf(request.getHeader(HttpHeader.HOST.asString()));
            String path = request.getRequestURI();
            IngressRoutes.Lookup lookup = routes.match(host, path);
            if (lookup.route() == null) {
                request.setAttribute(REFUSAL, new Refusal(HttpServletResponse.SC_NOT_FOUND, lookup.hostKnown()
                        ? "no ingress path for " + host + " matches " + path
                        : "no ingress for host " + host));
                return null;
            }
            Backends.Pick pick = backends.pick(lookup.route().backend());
            if (pick instanceof Backends.Unavailable unavailable) {
                request.setAttribute(REFUSAL,
                        new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, unavailable.reason()));
                return null;
            }
            Backends.Target target = (Backends.Target) pick;
            String ip = target.ip().contains(":") ? "[" + target.ip() + "]" : target.ip();
            String query = request.getQueryString();
            return "http://" + ip + ":" + target.port() + path + (query == null ? "" : "?" + query);
        }

        @Override
        protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
            Refusal refusal = (Refusal) request.getAttribute(REFUSAL);
            try {
                response.setStatus(refusal.status());
                response.setContentType("text/plain;charset=utf-8");
                response.getWriter().println(refusal.message());
            } catch (IOException clientGone) {
                LOG.debug("ingress reply not sent: {}", clientGone.toString());
            }
        }

        /** As ingress-nginx by default: X-Forwarded-* replace what the client claimed, and no Via header. */
        @Override
        protected void addProxyHeaders(HttpServletRequest request, Request proxyRequest) {
            String host = request.getHeader(HttpHeader.HOST.asString());
            proxyRequest.headers(headers -> {
                headers.put(HttpHeader.X_FORWARDED_FOR, request.getRemoteAddr());
                headers.put("X-Real-IP", request.getRemoteAddr());
                headers.put(HttpHeader.X_FORWARDED_PROTO, request.getScheme());
                headers.put(HttpHeader.X_FORWARDED_PORT, String.valueOf(request.getLocalPort()));
                if (host != null) {
                    headers.put(HttpHeader.X_FORWARDED_HOST, host);
                } else {
                    headers.remove(HttpHeader.X_FORWARDED_HOST);
                }
            });
        }
    }
}
