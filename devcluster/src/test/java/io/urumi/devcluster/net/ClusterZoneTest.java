package io.urumi.devcluster.net;

import static io.urumi.devcluster.net.FakeCatalog.address;
import static io.urumi.devcluster.net.FakeCatalog.endpointPort;
import static io.urumi.devcluster.net.FakeCatalog.port;
import static io.urumi.devcluster.net.FakeCatalog.subset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class ClusterZoneTest {
    private final FakeCatalog catalog = new FakeCatalog()
            .add(FakeCatalog.clusterIp("shop", "web", "10.96.0.20", port("http", 80, "8080")))
            .add(FakeCatalog.headless("shop", "mysql", port("mysql", 3306, "3306")))
            .add(FakeCatalog.endpoints("shop", "mysql", subset(
                    List.of(address("10.244.0.11", "mysql-1"), address("10.244.0.10", "mysql-0"), address("10.244.0.13")),
                    List.of(address("10.244.0.12", "mysql-2")),
                    endpointPort("mysql", 3306))))
            .add(FakeCatalog.externalName("shop", "payments", "pay.example.com"));
    private final ClusterZone zone = new ClusterZone(catalog, 1);

    private static Name name(String name) {
        return Name.fromConstantString(name);
    }

    private static Set<String> addresses(ClusterZone.Answer answer) {
        return answer.answer().stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    @Test
    void aServiceNameResolvesToItsClusterIpWithAShortTtl() {
        ClusterZone.Answer answer = zone.answer(name("web.shop.svc.cluster.local."), Type.A);

        assertEquals(Rcode.NOERROR, answer.rcode());
        assertEquals(Set.of("10.96.0.20"), addresses(answer));
        assertEquals(5, answer.answer().get(0).getTTL());
    }

    @Test
    void aHeadlessServiceResolvesToItsReadyEndpointsOnly() {
        ClusterZone.Answer answer = zone.answer(name("mysql.shop.svc.cluster.local."), Type.A);

        assertEquals(Set.of("10.244.0.10", "10.244.0.11", "10.244.0.13"), addresses(answer));
    }

    @Test
    void anEndpointHostnameResolvesToThatEndpoint() {
        assertEquals(Set.of("10.244.0.10"), addresses(zone.answer(name("mysql-0.mysql.shop.svc.cluster.local."), Type.A)));
        assertEquals(Set.of("10.244.0.13"), addresses(zone.answer(name("10-244-0-13.mysql.shop.svc.cluster.local."), Type.A)),
                "an endpoint without a hostname is named by its IP");
        assertEquals(Rcode.NXDOMAIN, zone.answer(name("mysql-2.mysql.shop.svc.cluster.local."), Type.A).rcode(),
                "a not-ready endpoint has no name");
    }

    @Test
    void anExternalNameServiceIsACnameForAnyType() {
        ClusterZone.Answer answer = zone.answer(name("payments.shop.svc.cluster.local."), Type.A);

        assertEquals(1, answer.answer().size());
        assertEquals(name("pay.example.com."), ((CNAMERecord) answer.answer().get(0)).getTarget());
    }

    @Test
    void aNamedPortOfAClusterIpServiceHasAnSrvRecordPointingAtTheService() {
        ClusterZone.Answer answer = zone.answer(name("_http._tcp.web.shop.svc.cluster.local."), Type.SRV);

        SRVRecord srv = (SRVRecord) answer.answer().get(0);
        assertEquals(80, srv.getPort());
        assertEquals(name("web.shop.svc.cluster.local."), srv.getTarget());
        assertEquals(Set.of("10.96.0.20"), answer.additional().stream()
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet()));
    }

    @Test
    void aNamedPortOfAHeadlessServiceHasOneSrvRecordPerReadyEndpoint() {
        ClusterZone.Answer answer = zone.answer(name("_mysql._tcp.mysql.shop.svc.cluster.local."), Type.SRV);

        assertEquals(Set.of(name("mysql-0.mysql.shop.svc.cluster.local."), name("mysql-1.mysql.shop.svc.cluster.local."),
                        name("10-244-0-13.mysql.shop.svc.cluster.local.")),
                answer.answer().stream().map(r -> ((SRVRecord) r).getTarget()).collect(Collectors.toSet()));
        assertEquals(Rcode.NXDOMAIN, zone.answer(name("_mysql._udp.mysql.shop.svc.cluster.local."), Type.SRV).rcode());
    }

    @Test
    void aMissingNameIsNxdomainWithTheZoneSoaForNegativeCaching() {
        ClusterZone.Answer answer = zone.answer(name("nothere.shop.svc.cluster.local."), Type.A);

        assertEquals(Rcode.NXDOMAIN, answer.rcode());
        assertTrue(answer.answer().isEmpty());
        SOARecord soa = (SOARecord) answer.authority().get(0);
        assertEquals(name("cluster.local."), soa.getName());
        assertEquals(5, soa.getMinimum());
    }

    @Test
    void anExistingNameAskedForAnotherTypeIsAnEmptyAnswer() {
        ClusterZone.Answer answer = zone.answer(name("web.shop.svc.cluster.local."), Type.AAAA);

        assertEquals(Rcode.NOERROR, answer.rcode());
        assertTrue(answer.answer().isEmpty());
        assertEquals(Type.SOA, answer.authority().get(0).getType());
    }

    @Test
    void aNamespaceWithServicesExistsAndOneWithoutDoesNot() {
        assertEquals(Rcode.NOERROR, zone.answer(name("shop.svc.cluster.local."), Type.A).rcode());
        assertEquals(Rcode.NXDOMAIN, zone.answer(name("empty.svc.cluster.local."), Type.A).rcode());
    }

    @Test
    void theZoneApexAnswersItsSoa() {
        List<Record> answer = zone.answer(name("cluster.local."), Type.SOA).answer();

        assertEquals(Type.SOA, answer.get(0).getType());
    }
}
