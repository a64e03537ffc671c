package io.urumi.devcluster.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.Test;

class IngressRoutesTest {
    private final IngressRoutes routes = new IngressRoutes(null);

    /** An Ingress with one rule for {@code host}; each path is "type:path:service". */
    private static Ingress ingress(String name, String created, String host, String... paths) {
        IngressBuilder builder = new IngressBuilder().withNewMetadata().withNamespace("shop").withName(name)
                .withCreationTimestamp(created).endMetadata();
        var rule = builder.withNewSpec().addNewRule().withHost(host).withNewHttp();
        for (String path : paths) {
            String[] parts = path.split(":");
            rule.addToPaths(new HTTPIngressPathBuilder().withPathType(parts[0]).withPath(parts[1])
                    .withNewBackend().withNewService().withName(parts[2]).withNewPort().withName("http").endPort()
                    .endService().endBackend().build());
        }
        return rule.endHttp().endRule().endSpec().build();
    }

    private String serviceFor(String host, String path) {
        IngressRoutes.Route route = routes.match(host, path).route();
        return route == null ? null : route.backend().service();
    }

    @Test
    void aPrefixMatchesWholePathElementsOnly() {
        routes.put(ingress("shop", "2026-01-01T00:00:00Z", "shop.localhost", "Prefix:/cart/:cart", "Prefix:/:web"));

        assertEquals("cart", serviceFor("shop.localhost", "/cart"));
        assertEquals("cart", serviceFor("shop.localhost", "/cart/items"));
        assertEquals("web", serviceFor("shop.localhost", "/cartoons"));
    }

    @Test
    void theLongestPathWinsAndExactBeatsPrefixOfTheSameLength() {
        routes.put(ingress("shop", "2026-01-01T00:00:00Z", "shop.localhost",
                "Prefix:/:web", "Prefix:/api:api", "Exact:/api:exact", "ImplementationSpecific:/api/v2:v2"));

        assertEquals("exact", serviceFor("shop.localhost", "/api"));
        assertEquals("api", serviceFor("shop.localhost", "/api/v1"));
        assertEquals("v2", serviceFor("shop.localhost", "/api/v2/products"));
        assertEquals("web", serviceFor("shop.localhost", "/"));
    }

    @Test
    void theOlderIngressWinsWhenTwoClaimTheSameHostAndPath() {
        routes.put(ingress("newer", "2026-02-01T00:00:00Z", "shop.localhost", "Prefix:/:second"));
        routes.put(ingress("older", "2026-01-01T00:00:00Z", "shop.localhost", "Prefix:/:first"));

        assertEquals("first", serviceFor("shop.localhost", "/"));
    }

    @Test
    void anExactHostWithoutAMatchingPathDoesNotFallBackToOtherHosts() {
        routes.put(ingress("api", "2026-01-01T00:00:00Z", "shop.localhost", "Exact:/api:api"));
        routes.put(ingress("any", "2026-01-01T00:00:00Z", null, "Prefix:/:fallback"));

        IngressRoutes.Lookup lookup = routes.match("shop.localhost", "/other");
        assertNull(lookup.route());
        assertTrue(lookup.hostKnown());
        assertEquals("fallback", serviceFor("elsewhere.localhost", "/other"));
    }

    @Test
    void aWildcardHostMatchesOneLabelOnly() {
        routes.put(ingress("wild", "2026-01-01T00:00:00Z", "*.shops.localhost", "Prefix:/:web"));

        assertEquals("web", serviceFor("a.shops.localhost", "/"));
        assertFalse(routes.match("a.b.shops.localhost", "/").hostKnown());
        assertFalse(routes.match("shops.localhost", "/").hostKnown());
    }

    @Test
    void aChangedOrDeletedIngressChangesTheRoutes() {
        routes.put(ingress("shop", "2026-01-01T00:00:00Z", "shop.localhost", "Prefix:/:web"));
        assertEquals("web", serviceFor("shop.localhost", "/"));

        routes.put(ingress("shop", "2026-01-01T00:00:00Z", "shop.localhost", "Prefix:/:web2"));
        assertEquals("web2", serviceFor("shop.localhost", "/"));

        routes.remove(ingress("shop", "2026-01-01T00:00:00Z", "shop.localhost"));
        assertFalse(routes.match("shop.localhost", "/").hostKnown());
    }

    @Test
    void anIngressOfAnotherClassIsIgnoredAndOneWithoutAClassIsServed() {
        IngressRoutes nginxOnly = new IngressRoutes("nginx");
        Ingress other = new IngressBuilder(ingress("other", "2026-01-01T00:00:00Z", "other.localhost", "Prefix:/:web"))
                .editSpec().withIngressClassName("traefik").endSpec().build();
        Ingress annotated = new IngressBuilder(ingress("old", "2026-01-01T00:00:00Z", "old.localhost", "Prefix:/:web"))
                .editMetadata().addToAnnotations(IngressRoutes.CLASS_ANNOTATION, "nginx").endMetadata().build();
        nginxOnly.put(other);
        nginxOnly.put(annotated);
        nginxOnly.put(ingress("classless", "2026-01-01T00:00:00Z", "plain.localhost", "Prefix:/:web"));

        assertFalse(nginxOnly.match("other.localhost", "/").hostKnown());
        assertTrue(nginxOnly.match("old.localhost", "/").hostKnown());
        assertTrue(nginxOnly.match("plain.localhost", "/").hostKnown());
    }

    @Test
    void theHostHeaderIsMatchedWithoutPortCaseOrTrailingDot() {
        assertEquals("shop.localhost", IngressProxy.hostOf("Shop.LocalHost:8080"));
        assertEquals("shop.localhost", IngressProxy.hostOf("shop.localhost."));
        assertEquals("[::1]", IngressProxy.hostOf("[::1]:80"));
        assertEquals("", IngressProxy.hostOf(null));
    }
}
