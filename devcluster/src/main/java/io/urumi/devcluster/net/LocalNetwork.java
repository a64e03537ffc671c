package io.urumi.devcluster.net;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.devcluster.NodeSimulator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's DNS (cluster.local from watches, other names forwarded upstream) and its ingress (an HTTP
 * proxy routing by Host and path to ready endpoints) in one process, for the real node, which has neither CoreDNS
 * nor an ingress controller.
 *
 * <p>Run it as a program ({@code --kubeconfig K --dns HOST:PORT --http HOST:PORT [--upstream-dns HOST:PORT]
 * [--ingress-class NAME]}; the upstream defaults to the first nameserver of /etc/resolv.conf) or in process
 * with {@link #start()} and {@link #close()}.
 */
public final class LocalNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNetwork.class);
    /** Short, so that a pod without internet learns at once that an outside name cannot be resolved. */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    private static final int DNS_WORKERS = 4;

    /**
     * Where to serve and whom to ask: port 0 picks a free port. {@code ingressClass} null serves every Ingress;
     * otherwise Ingresses of that class and those naming no class (IngressClass objects are not read).
     */
    public record Options(InetSocketAddress dns, InetSocketAddress http, InetSocketAddress upstreamDns,
            String ingressClass) {
    }

    private final Options options;
    private final ClusterCache cache;
    private final ThreadPoolExecutor dnsWorkers;
    private final DnsServer dns;
    private final IngressProxy proxy;

    public LocalNetwork(KubernetesClient client, Options options) {
        this.options = options;
        IngressRoutes routes = new IngressRoutes(options.ingressClass());
        this.cache = new ClusterCache(client, routes);
        AtomicInteger count = new AtomicInteger();
        // Replies from memory take microseconds; only forwarded ones wait, and those asynchronously.
        this.dnsWorkers = new ThreadPoolExecutor(DNS_WORKERS, DNS_WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(1024), r -> {
                    Thread thread = new Thread(r, "dns-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy()); // a dropped query is asked again by its client
        DnsResponder responder = new DnsResponder(new ClusterZone(cache, Instant.now().getEpochSecond()),
                options.upstreamDns(), UPSTREAM_TIMEOUT, dnsWorkers);
        this.dns = new DnsServer(options.dns(), responder, dnsWorkers);
        this.proxy = new IngressProxy(options.http(), routes, new Backends(cache));
    }

    /** Fills the caches from the cluster, then serves; returns once both servers listen. */
    public void start() throws Exception {
        cache.start();
        dns.start();
        proxy.start();
        LOG.info("local network: DNS for {} on {} (UDP and TCP; other names via {}), ingress on http://{} for {}",
                ClusterZone.ORIGIN, hostPort(dns.address()), hostPort(options.upstreamDns()), hostPort(proxy.address()),
                options.ingressClass() == null ? "every ingress class" : "ingress class " + options.ingressClass());
    }

    /** The DNS address with the port actually bound. */
    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    /** The ingress address with the port actually bound. */
    public InetSocketAddress httpAddress() {
        return proxy.address();
    }

    @Override
    public void close() {
        proxy.close();
        dns.close();
        dnsWorkers.shutdownNow();
        cache.close();
        LOG.info("local network stopped");
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine.Parsed parsed;
        try {
            parsed = CommandLine.parse(args, Path.of("/etc/resolv.conf"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        KubernetesClient client = NodeSimulator.connect(parsed.kubeconfig().toFile());
        LocalNetwork network = new LocalNetwork(client, parsed.options());
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs this hook: stop serving and watching, then let the JVM exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            network.close();
            client.close();
            stopped.countDown();
        }, "local-network-shutdown"));
        try {
            network.start();
        } catch (Exception e) {
            LOG.error("local network did not start: {}", e.toString());
            System.exit(1);
        }
        stopped.await();
    }
}
