package io.urumi.devcluster.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.urumi.devcluster.net.ZoneName.Kind;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneNameTest {

    private static ZoneName parse(String name) {
        return ZoneName.parse(Name.fromConstantString(name), ClusterZone.ORIGIN);
    }

    @Test
    void aServiceNameNamesItsServiceAndNamespaceWhateverTheCase() {
        ZoneName name = parse("Web.Store-Shop.SVC.cluster.local.");

        assertEquals(new ZoneName(Kind.SERVICE, "store-shop", "web", null, null, null), name);
    }

    @Test
    void aLabelLeftOfAServiceNamesOneEndpoint() {
        assertEquals(new ZoneName(Kind.ENDPOINT, "shop", "mysql", "mysql-0", null, null),
                parse("mysql-0.mysql.shop.svc.cluster.local."));
    }

    @Test
    void underscoreLabelsNameAPortAndProtocolForSrv() {
        assertEquals(new ZoneName(Kind.SRV, "shop", "web", null, "http", "tcp"),
                parse("_http._tcp.web.shop.svc.cluster.local."));
        assertEquals(new ZoneName(Kind.PROTOCOL, "shop", "web", null, null, "tcp"),
                parse("_tcp.web.shop.svc.cluster.local."));
    }

    @Test
    void theZoneAndItsSvcAndNamespaceLevelsAreNamesWithoutServices() {
        assertEquals(Kind.APEX, parse("cluster.local.").kind());
        assertEquals(Kind.SERVICES, parse("svc.cluster.local.").kind());
        assertEquals(new ZoneName(Kind.NAMESPACE, "shop", null, null, null, null), parse("shop.svc.cluster.local."));
    }

    @Test
    void podRecordsAndDeeperNamesAreNotServed() {
        assertEquals(Kind.UNKNOWN, parse("10-244-0-5.shop.pod.cluster.local.").kind());
        assertEquals(Kind.UNKNOWN, parse("a.b.c.web.shop.svc.cluster.local.").kind());
        assertEquals(Kind.UNKNOWN, parse("x._tcp.web.shop.svc.cluster.local.").kind());
    }

    @Test
    void aNameOutsideTheZoneIsNotParsed() {
        assertNull(parse("example.com."));
        assertNull(parse("cluster.local.example.com."));
    }
}
