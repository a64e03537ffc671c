package io.urumi.devcluster.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The local network against the real control plane: DNS answers and ingress routes follow Services, Endpoints and
 * Ingresses as they are created and changed. The simulated node runs no pods, so Endpoints are written by hand,
 * pointing at a small HTTP server of this test on a host address (the API server refuses loopback endpoints).
 */
class LocalNetworkIT {
    private static final String NS = "local-network";
    private static final String ZONE = "." + NS + ".svc.cluster.local.";
    private static final Duration CHANGE = Duration.ofSeconds(10);

    private static KubernetesClient client;
    private static LocalNetwork network;
    private static HttpServer backend;
    private static final List<Headers> backendRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        client = LocalCluster.get().client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .createOr(existing -> existing.update());
        backend = HttpServer.create(new InetSocketAddress(hostAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            backendRequests.add(exchange.getRequestHeaders());
            byte[] body = ("hello from the shop at " + exchange.getRequestURI().getPath()).getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        network = new LocalNetwork(client, new LocalNetwork.Options(new InetSocketAddress(loopback, 0),
                new InetSocketAddress(loopback, 0), closedUdpPort(), null));
        network.start();
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
        client.namespaces().withName(NS).delete();
    }

    @Test
    void aServiceNameResolvesToItsClusterIp() {
        Service web = create(service("web", null));

        await().atMost(CHANGE).untilAsserted(() ->
                assertEquals(Set.of(web.getSpec().getClusterIP()), addresses(ask("web" + ZONE, Type.A, false))));
    }

    @Test
    void aHeadlessServiceResolvesToItsReadyEndpointsAndEachStatefulSetHostname() throws IOException {
        create(service("db", "None"));
        create(endpoints("db", List.of(address("10.244.0.10", "db-0"), address("10.244.0.11", "db-1")),
                List.of(address("10.244.0.12", "db-2")), 3306));

        await().atMost(CHANGE).untilAsserted(() -> {
            assertEquals(Set.of("10.244.0.10", "10.244.0.11"), addresses(ask("db" + ZONE, Type.A, false)));
            assertEquals(Set.of("10.244.0.11"), addresses(ask("db-1.db" + ZONE, Type.A, false)));
        });
        assertEquals(Rcode.NXDOMAIN, ask("db-2.db" + ZONE, Type.A, false).getRcode(), "a not-ready pod has no name");
    }

    @Test
    void anExternalNameServiceIsACnameThatIsFollowedInsideTheCluster() {
        Service target = create(service("catalog", null));
        create(new ServiceBuilder().withNewMetadata().withName("products").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("catalog" + ZONE.substring(0, ZONE.length() - 1))
                .endSpec().build());

        await().atMost(CHANGE).untilAsserted(() -> {
            Message reply = ask("products" + ZONE, Type.A, false);
            List<Record> answer = reply.getSection(Section.ANSWER);
            assertEquals(Type.CNAME, answer.get(0).getType());
            assertEquals(Set.of(target.getSpec().getClusterIP()), addresses(reply));
        });
    }

    @Test
    void aNamedPortHasAnSrvRecord() {
        create(service("cart", null));

        await().atMost(CHANGE).untilAsserted(() -> {
            List<Record> answer = ask("_http._tcp.cart" + ZONE, Type.SRV, false).getSection(Section.ANSWER);
            assertEquals(1, answer.size());
            assertEquals(80, ((SRVRecord) answer.get(0)).getPort());
            assertEquals(Name.fromString("cart" + ZONE), ((SRVRecord) answer.get(0)).getTarget());
        });
    }

    @Test
    void aMissingNameIsNxdomainWithTheZoneSoaAndAaaaOfAServiceIsEmpty() throws IOException {
        create(service("search", null));

        Message missing = ask("nothere" + ZONE, Type.A, false);
        assertEquals(Rcode.NXDOMAIN, missing.getRcode());
        assertEquals(Name.fromString("cluster.local."), ((SOARecord) missing.getSection(Section.AUTHORITY).get(0)).getName());

        await().atMost(CHANGE).untilAsserted(() -> {
            Message aaaa = ask("search" + ZONE, Type.AAAA, false);
            assertEquals(Rcode.NOERROR, aaaa.getRcode());
            assertTrue(aaaa.getSection(Section.ANSWER).isEmpty());
        });
    }

    @Test
    void queriesOverTcpAreAnsweredLikeOverUdp() {
        Service orders = create(service("orders", null));

        await().atMost(CHANGE).untilAsserted(() ->
                assertEquals(Set.of(orders.getSpec().getClusterIP()), addresses(ask("orders" + ZONE, Type.A, true))));
    }

    @Test
    void aDeletedServiceStopsResolving() {
        create(service("temporary", null));
        await().atMost(CHANGE).until(() -> ask("temporary" + ZONE, Type.A, false).getRcode() == Rcode.NOERROR);

        client.services().inNamespace(NS).withName("temporary").delete();

        await().atMost(CHANGE).until(() -> ask("temporary" + ZONE, Type.A, false).getRcode() == Rcode.NXDOMAIN);
    }

    @Test
    void aRequestForAnIngressHostReachesTheBackendWithTheHostKeptAndForwardedHeaders() {
        create(service("shop", null));
        create(endpoints("shop", List.of(address(backend.getAddress().getAddress().getHostAddress(), null)), List.of(),
                backend.getAddress().getPort()));
        create(ingress("shop", "shop.localhost", "/"));
        String host = "shop.localhost:" + network.httpAddress().getPort();

        await().atMost(CHANGE).untilAsserted(() -> assertEquals(200, get(host, "/cart?item=1").status()));

        Headers seen = backendRequests.get(backendRequests.size() - 1);
        assertEquals(host, seen.getFirst("Host"));
        assertEquals("127.0.0.1", seen.getFirst("X-Forwarded-For"));
        assertEquals("http", seen.getFirst("X-Forwarded-Proto"));
        assertEquals(host, seen.getFirst("X-Forwarded-Host"));
    }

    @Test
    void anUnknownHostIsNotFoundNamingTheHost() throws IOException {
        Response response = get("nowhere.localhost", "/");

        assertEquals(404, response.status());
        assertTrue(response.body().contains("no ingress for host nowhere.localhost"), response.body());
    }

    @Test
    void aBackendWithoutReadyEndpointsIsUnavailableSayingSo() {
        create(service("closed", null));
        create(endpoints("closed", List.of(), List.of(address(backend.getAddress().getAddress().getHostAddress(), null)),
                backend.getAddress().getPort()));
        create(ingress("closed", "closed.localhost", "/"));

        await().atMost(CHANGE).untilAsserted(() -> {
            Response response = get("closed.localhost", "/");
            assertEquals(503, response.status());
            assertTrue(response.body().contains("no ready endpoint for service " + NS + "/closed"), response.body());
        });
    }

    @Test
    void changesToAnIngressAndItsEndpointsArePickedUp() throws IOException {
        String ip = backend.getAddress().getAddress().getHostAddress();
        int port = backend.getAddress().getPort();
        create(service("moving", null));
        create(endpoints("moving", List.of(address(ip, null)), List.of(), port));
        create(ingress("moving", "moving.localhost", "/old"));
        await().atMost(CHANGE).untilAsserted(() -> assertEquals(200, get("moving.localhost", "/old").status()));
        assertEquals(404, get("moving.localhost", "/new").status());

        create(ingress("moving", "moving.localhost", "/new"));
        await().atMost(CHANGE).untilAsserted(() -> assertEquals(200, get("moving.localhost", "/new").status()));

        create(endpoints("moving", List.of(), List.of(address(ip, null)), port));
        await().atMost(CHANGE).untilAsserted(() -> assertEquals(503, get("moving.localhost", "/new").status()));

        create(endpoints("moving", List.of(address(ip, null)), List.of(), port));
        await().atMost(CHANGE).untilAsserted(() -> assertEquals(200, get("moving.localhost", "/new").status()));
    }

    // --- fixtures

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(T object) {
        return client.resource(object).inNamespace(NS).createOr(existing -> existing.update());
    }

    /** A Service without selector, so that its Endpoints are ours to write; port http 80 to 8080. */
    private static Service service(String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp)
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNewTargetPort(8080).endPort()
                .endSpec().build();
    }

    private static Endpoints endpoints(String name, List<EndpointAddress> ready, List<EndpointAddress> notReady, int port) {
        return new EndpointsBuilder().withNewMetadata().withName(name).endMetadata()
                .addNewSubset().withAddresses(ready).withNotReadyAddresses(notReady)
                .withPorts(new EndpointPort(null, "http", port, "TCP")).endSubset().build();
    }

    private static EndpointAddress address(String ip, String hostname) {
        return new EndpointAddressBuilder().withIp(ip).withHostname(hostname).build();
    }

    private static Ingress ingress(String name, String host, String path) {
        return new IngressBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewRule().withHost(host).withNewHttp().addNewPath().withPath(path).withPathType("Prefix")
                .withNewBackend().withNewService().withName(name).withNewPort().withName("http").endPort().endService()
                .endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    private static Message ask(String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(network.dnsAddress());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static Set<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    private record Response(int status, String body) {
    }

    /** A raw HTTP/1.1 GET, because java.net.http refuses to set the Host header. */
    private static Response get(String host, String path) throws IOException {
        try (Socket socket = new Socket(network.httpAddress().getAddress(), network.httpAddress().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
            out.flush();
            String raw = new String(socket.getInputStream().readAllBytes(), UTF_8);
            return new Response(Integer.parseInt(raw.substring(9, 12)), raw.substring(raw.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A non-loopback IPv4 address of this machine, which Endpoints accept. */
    private static InetAddress hostAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElseThrow(() -> new IllegalStateException("no non-loopback IPv4 address"));
    }

    /** A loopback UDP port nobody listens on: names outside the zone fail at once instead of leaving the machine. */
    private static InetSocketAddress closedUdpPort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }
    }
}
