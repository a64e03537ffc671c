package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Functional tier with tight limits: rate limits (429 + Retry-After), sign-in throttling without lock-out, quotas
 * that say which limit, and X-Forwarded-For believed only from the configured proxy (this test's own address).
 * Each test uses its own client addresses, so the per-address buckets of one do not spill into another.
 */
@OfflinePlatformTest(settings = {
        "URUMI_CREATE_RATE_LIMIT_PER_MINUTE=3",
        "URUMI_SIGN_IN_RATE_LIMIT_PER_MINUTE=3",
        "URUMI_MAX_STORES_PER_USER=2",
        "URUMI_MAX_STORES=3",
        "URUMI_TRUSTED_PROXIES=127.0.0.1, ::1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsAndQuotasTest {
    private Platform platform;
    private Api admin;

    @BeforeAll
    void connect(Platform platform, Api admin) {
        this.platform = platform;
        this.admin = admin.header("X-Forwarded-For", "192.0.2.1");
    }

    @Test
    void quotasRefuseWith403AndSayWhichLimitWasReached() {
        Api eve = admin.createUser("eve", "member").header("X-Forwarded-For", "192.0.2.10");
        Api frank = admin.createUser("frank", "member").header("X-Forwarded-For", "192.0.2.11");
        assertEquals(202, eve.createStore("eve-one").status());
        assertEquals(202, eve.createStore("eve-two").status());
        Api.Response third = eve.createStore("eve-three");
        assertEquals(403, third.status());
        assertEquals("quota_exceeded", third.json().path("error").asText());
        assertTrue(third.json().path("message").asText().contains("You already have 2 stores"), third.raw().body());
        assertEquals(404, eve.get("/api/stores/eve-three").status(), "nothing was recorded");

        assertEquals(202, frank.createStore("frank-one").status());
        Api.Response full = frank.createStore("frank-two");
        assertEquals(403, full.status());
        assertTrue(full.json().path("message").asText().contains("maximum of 3 stores"), full.raw().body());
        assertTrue(audit("frank").stream().anyMatch(e -> "store.create".equals(e.path("action").asText())
                && "refused".equals(e.path("outcome").asText()) && "quota_exceeded".equals(e.path("detail").asText())
                && "frank-two".equals(e.path("target").asText())));
    }

    @Test
    void createsHaveATighterBucketThan429WithRetryAfterWhileOtherActionsGoOn() {
        Api gus = admin.createUser("gus", "member").header("X-Forwarded-For", "198.51.100.7");
        for (int i = 0; i < 3; i++) {
            assertEquals(400, gus.postJson("/api/stores", "{\"name\":\"Bad Name\"}").status());
        }
        Api.Response limited = gus.postJson("/api/stores", "{\"name\":\"Bad Name\"}");
        assertEquals(429, limited.status());
        assertNotNull(limited.header("Retry-After"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        assertTrue(limited.json().path("message").asText().startsWith("Too many requests. Try again in"));
        assertEquals(200, gus.get("/api/stores").status(), "reading is not a create");
        assertTrue(audit("gus").stream().anyMatch(e -> e.path("status").asInt() == 429
                && "store.create".equals(e.path("action").asText())));
    }

    @Test
    void signInIsThrottledPerNameWithTheSameGenericAnswerAndNoLockOutOfOthers() {
        admin.createUser("hal", "member");
        Api fromA = new Api(platform.port()).header("X-Forwarded-For", "203.0.113.20");
        Api fromB = new Api(platform.port()).header("X-Forwarded-For", "203.0.113.21");
        String wrong = "{\"name\":\"hal\",\"password\":\"not-the-password\"}";
        Api.Response first = fromA.postJson("/api/login", wrong);
        assertEquals(401, first.status());
        assertEquals(first.json().path("message").asText(),
                fromA.postJson("/api/login", "{\"name\":\"nobody-here\",\"password\":\"not-the-password\"}").json()
                        .path("message").asText(), "an unknown name gets the same answer as a wrong password");
        assertEquals(401, fromA.postJson("/api/login", wrong).status());
        assertEquals(401, fromA.postJson("/api/login", wrong).status());
        Api.Response throttled = fromB.postJson("/api/login", "{\"name\":\"hal\",\"password\":\"password-of-hal\"}");
        assertEquals(429, throttled.status(), "throttled per name, from any address, even with the right password");
        assertNotNull(throttled.header("Retry-After"));
        assertTrue(throttled.json().path("message").asText().startsWith("Too many sign-in attempts"));
        admin.createUser("ivy", "member");
        assertEquals(201, fromA.postJson("/api/login", "{\"name\":\"ivy\",\"password\":\"password-of-ivy\"}").status(),
                "another user from the same address still gets in: nobody is locked out");
        assertTrue(audit("hal").stream().filter(e -> "login".equals(e.path("action").asText())).count() >= 4,
                "every attempt on an existing user is audited");
    }

    @Test
    void forwardedForIsBelievedFromTheTrustedProxyUpToTheFirstUntrustedHop() {
        Api viaProxy = new Api(platform.port()).header("X-Forwarded-For", "6.6.6.6, 192.0.2.44")
                .header("X-Forwarded-Proto", "https");
        Api.Response r = viaProxy.postJson("/api/login", "{\"name\":\"admin\",\"password\":\"wrong-password-1\"}");
        assertEquals(401, r.status());
        assertEquals("max-age=31536000; includeSubDomains", r.header("Strict-Transport-Security"),
                "TLS terminated at the trusted proxy");
        JsonNode row = audit("admin").stream().filter(e -> r.header("X-Request-Id").equals(e.path("requestId").asText()))
                .findFirst().orElseThrow();
        assertEquals("192.0.2.44", row.path("clientIp").asText(), "the hop the proxy saw, not the client's claim");
    }

    private List<JsonNode> audit(String actor) {
        JsonNode entries = admin.get("/api/audit?actor=" + actor).json().path("entries");
        return StreamSupport.stream(entries.spliterator(), false).toList();
    }
}
