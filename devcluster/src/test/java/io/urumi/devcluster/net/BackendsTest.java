package io.urumi.devcluster.net;

import static io.urumi.devcluster.net.FakeCatalog.address;
import static io.urumi.devcluster.net.FakeCatalog.endpointPort;
import static io.urumi.devcluster.net.FakeCatalog.port;
import static io.urumi.devcluster.net.FakeCatalog.subset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {
    private final FakeCatalog catalog = new FakeCatalog()
            .add(FakeCatalog.clusterIp("shop", "web", "10.96.0.20", port("http", 80, "web"), port("admin", 81, "9000")))
            .add(FakeCatalog.endpoints("shop", "web", subset(
                    List.of(address("10.244.0.8"), address("10.244.0.7")),
                    List.of(address("10.244.0.9")),
                    endpointPort("http", 8080), endpointPort("admin", 9000))));
    private final Backends backends = new Backends(catalog);

    private static IngressRoutes.Backend byName(String service, String port) {
        return new IngressRoutes.Backend("shop", service, port, null);
    }

    @Test
    void requestsGoRoundRobinToTheReadyEndpointsOnTheResolvedTargetPort() {
        IngressRoutes.Backend web = byName("web", "http");

        List<Backends.Pick> picks = List.of(backends.pick(web), backends.pick(web), backends.pick(web));

        assertEquals(List.of(new Backends.Target("10.244.0.7", 8080), new Backends.Target("10.244.0.8", 8080),
                new Backends.Target("10.244.0.7", 8080)), picks);
    }

    @Test
    void aServicePortNumberSelectsTheEndpointPortOfThatServicePort() {
        Backends.Pick pick = backends.pick(new IngressRoutes.Backend("shop", "web", null, 81));

        assertEquals(9000, ((Backends.Target) pick).port());
    }

    @Test
    void aBackendWithoutReadyEndpointsIsUnavailableAndSaysWhy() {
        catalog.add(FakeCatalog.endpoints("shop", "web", subset(List.of(), List.of(address("10.244.0.9")),
                endpointPort("http", 8080))));

        assertEquals(new Backends.Unavailable("no ready endpoint for service shop/web port http"),
                backends.pick(byName("web", "http")));
    }

    @Test
    void aMissingServiceOrPortIsUnavailable() {
        assertEquals(new Backends.Unavailable("service shop/gone does not exist"), backends.pick(byName("gone", "http")));
        assertEquals(new Backends.Unavailable("service shop/web has no port metrics"), backends.pick(byName("web", "metrics")));
    }
}
