package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Functional tier: who may call what. The route list comes from the router, so a route added without thinking about
 * access fails here; the public allow-list is written out below.
 */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessGuardrailsTest {
    /** The only routes anyone may call without signing in. */
    private static final Set<String> PUBLIC = Set.of("GET /health/live", "GET /health/ready", "GET /login",
            "POST /login", "POST /api/login");
    private Platform platform;
    private Api admin;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void connect(Platform platform, Api admin) {
        this.platform = platform;
        this.admin = admin;
    }

    @Test
    void everyRouteTheRouterKnowsRefusesAnAnonymousCallerExceptTheExplicitPublicOnes() throws Exception {
        List<WebApp.Route> routes = platform.routes();
        assertTrue(routes.size() > 40, "the router lists the routes: " + routes);
        assertEquals(PUBLIC, routes.stream().filter(r -> r.roles().contains(Access.PUBLIC))
                .map(r -> r.method() + " " + r.path()).collect(Collectors.toSet()), "the public allow-list");
        List<String> problems = new ArrayList<>();
        for (WebApp.Route route : routes) {
            if (PUBLIC.contains(route.method() + " " + route.path())) {
                continue;
            }
            assertFalse(route.roles().isEmpty(), route + " declares no access rule");
            String path = route.path().replace("{id}", "some-shop").replace("{tokenId}", "1");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .method(route.method(), HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", route.path().startsWith("/api/") ? "application/json"
                            : "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
            boolean page = !path.startsWith("/api/") && !path.equals("/metrics"); // scrapes send a token, like the API
            boolean ok = page && route.method().equals("GET")
                    ? r.statusCode() == 303 && r.headers().firstValue("Location").orElse("").startsWith("/login?next=")
                    : r.statusCode() == 401;
            if (!ok) {
                problems.add(route.method() + " " + path + " -> " + r.statusCode());
            }
        }
        assertEquals(List.of(), problems, "routes that did not refuse an anonymous caller");
    }

    /** The route table is the one list of audited actions: a route that changes something declares its own. */
    @Test
    void everyRouteThatChangesSomethingDeclaresItsAuditActionOnTheRouteItself() {
        List<String> unaudited = platform.routes().stream()
                .filter(r -> !r.method().equals("GET"))
                .filter(r -> r.roles().stream().noneMatch(Audited.class::isInstance))
                .map(r -> r.method() + " " + r.path()).toList();
        assertEquals(List.of(), unaudited);
        List<String> creates = platform.routes().stream().filter(r -> r.roles().contains(Limited.CREATES))
                .map(r -> r.method() + " " + r.path()).sorted().toList();
        assertEquals(List.of("POST /api/stores", "POST /stores"), creates, "the routes under the create limit");
    }

    @Test
    void anApiCallWithoutOrWithABadTokenIs401AndSaysWhatToDo() {
        Api.Response none = new Api(platform.port()).get("/api/stores");
        assertEquals(401, none.status());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertTrue(none.json().path("message").asText().contains("Authorization: Bearer"));

        Api.Response forged = Api.withToken(platform.port(), "urumi_" + "A".repeat(43)).get("/api/stores");
        assertEquals(401, forged.status());
        assertTrue(forged.json().path("message").asText().contains("invalid, expired or revoked"));
    }

    @Test
    void membersSeeAndActOnTheirOwnStoresOnlyAndAnotherUsersStoreIsNotFoundWordForWord() {
        Api ann = admin.createUser("ann", "member");
        Api bob = admin.createUser("bob", "member");
        assertEquals(202, ann.createStore("ann-shop").status());

        Api.Response notHers = bob.get("/api/stores/ann-shop");
        Api.Response nowhere = bob.get("/api/stores/no-such-shop");
        assertEquals(404, notHers.status());
        assertEquals(nowhere.json().path("message").asText().replace("no-such-shop", "ann-shop"),
                notHers.json().path("message").asText(), "indistinguishable from a store that does not exist");
        assertEquals(404, bob.delete("/api/stores/ann-shop").status());
        assertEquals(404, bob.postJson("/api/stores/ann-shop/retry", "").status());
        assertEquals(404, bob.postJson("/api/stores/ann-shop/credentials", "").status());
        assertEquals(404, bob.get("/api/stores/ann-shop/events").status());
        assertEquals(0, bob.get("/api/stores").json().path("stores").size());

        assertEquals(List.of("ann-shop"), names(ann.get("/api/stores").json()));
        assertTrue(names(admin.get("/api/stores").json()).contains("ann-shop"), "admins see every store");
        assertEquals("ann", admin.get("/api/stores/ann-shop").json().path("owner").asText());
        assertEquals(403, ann.get("/api/audit").status(), "the audit log is for admins");
        assertEquals(403, ann.get("/api/users").status());
        assertEquals(403, ann.postJson("/api/fleet-upgrades", "{\"fromVersion\":\"0.1.0\",\"toVersion\":\"0.2.0\"}")
                .status());
        assertFalse(Set.of("DELETING", "DELETED").contains(admin.state("ann-shop")), "bob's delete changed nothing");
        assertTrue(audit("bob").stream().anyMatch(e -> "store.delete".equals(e.path("action").asText())
                && "refused".equals(e.path("outcome").asText()) && "ann-shop".equals(e.path("target").asText())),
                "the refused delete is audited");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        Api carol = admin.createUser("carol", "member");
        Api.Response created = carol.postJson("/api/tokens", "{\"name\":\"ci\"}");
        assertEquals(201, created.status());
        String token = created.json().path("token").asText();
        Api ci = Api.withToken(platform.port(), token);
        assertEquals(200, ci.get("/api/stores").status());
        long id = created.json().path("details").path("id").asLong();
        assertEquals(404, Api.admin(platform.port()).delete("/api/tokens/" + id).status(),
                "another user's token is not found");
        assertEquals(200, carol.delete("/api/tokens/" + id).status());
        assertEquals(401, ci.get("/api/stores").status());
        JsonNode listed = carol.get("/api/tokens").json().path("tokens");
        assertFalse(listed.toString().contains(token.substring(10)), "the token is never shown again");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Api.Response r : List.of(admin.get("/api/stores"), admin.get("/no-such-page"),
                new Api(platform.port()).get("/static/app.css"), new Api(platform.port()).get("/health/live"),
                new Api(platform.port()).get("/login"))) {
            assertAll(r.raw().uri().toString(),
                    () -> assertNotNull(r.header("X-Request-Id")),
                    () -> assertEquals(AccessGate.CSP, r.header("Content-Security-Policy")),
                    () -> assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'")),
                    () -> assertFalse(r.header("Content-Security-Policy").contains("unsafe-inline")),
                    () -> assertEquals("nosniff", r.header("X-Content-Type-Options")),
                    () -> assertEquals("same-origin", r.header("Referrer-Policy")),
                    () -> assertEquals(null, r.header("Strict-Transport-Security"), "no HSTS over plain HTTP"));
        }
        assertEquals(200, new Api(platform.port()).get("/static/app.css").status(), "the stylesheet is public");
    }

    @Test
    void xForwardedForFromAnUntrustedPeerIsIgnoredAndHstsIsNotSpoofable() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"wrong-password!\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Strict-Transport-Security").isEmpty());
        JsonNode row = audit("admin").stream().filter(e -> "login".equals(e.path("action").asText())
                && "refused".equals(e.path("outcome").asText())).findFirst().orElseThrow();
        assertEquals("127.0.0.1", row.path("clientIp").asText(), "the spoofed address is not recorded");
        assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(), row.path("requestId").asText());
    }

    @Test
    void oversizedBodiesAreRefusedWith413AndChangeNothing() {
        String big = "{\"name\":\"big-shop\",\"engine\":\"woocommerce\",\"adminEmail\":\"a@example.com\",\"x\":\""
                + "x".repeat(20_000) + "\"}";
        assertEquals(413, admin.postJson("/api/stores", big).status());
        assertEquals(413, new Api(platform.port()).post("/login", "application/x-www-form-urlencoded",
                "name=admin&password=" + "x".repeat(20_000)).status());
        assertEquals(404, admin.get("/api/stores/big-shop").status());
    }

    @Test
    void badUserInputIsRefusedWithTheFieldAndCreatesNobody() {
        for (String body : List.of("{\"name\":\"<b>x</b>\",\"role\":\"member\",\"password\":\"long-enough-pw\"}",
                "{\"name\":\"dave\\u0007\",\"role\":\"member\",\"password\":\"long-enough-pw\"}",
                "{\"name\":\"dave\",\"role\":\"root\",\"password\":\"long-enough-pw\"}",
                "{\"name\":\"dave\",\"role\":\"member\",\"password\":\"short\"}",
                "{\"name\":\"dave\",\"role\":\"member\",\"password\":\"long-enough\\u0000pw\"}")) {
            Api.Response r = admin.postJson("/api/users", body);
            assertEquals(400, r.status(), body + " -> " + r.raw().body());
            assertFalse(r.json().path("field").asText().isEmpty(), "names the field: " + r.raw().body());
        }
        assertFalse(admin.get("/api/users").raw().body().contains("dave"));
        assertEquals(400, admin.postJson("/api/tokens", "{\"name\":\"a\\u001bb\"}").status(),
                "control characters in a token name");
    }

    private List<JsonNode> audit(String actor) {
        JsonNode entries = admin.get("/api/audit?actor=" + actor).json().path("entries");
        return StreamSupport.stream(entries.spliterator(), false).toList();
    }

    private static List<String> names(JsonNode list) {
        return StreamSupport.stream(list.path("stores").spliterator(), false).map(s -> s.path("id").asText())
                .toList();
    }

    private String base() {
        return "http://127.0.0.1:" + platform.port();
    }
}
