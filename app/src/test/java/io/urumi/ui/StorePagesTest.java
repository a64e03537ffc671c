package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.config.Config;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import io.urumi.support.Repo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Functional tier: the pages against the real app and database. The cluster is an address where nothing listens,
 * so a store that gets created fails at its first step, which is enough to exercise every page.
 */
@OfflinePlatformTest
class StorePagesTest {
    private Platform platform;
    private PageClient browser;
    private Api api;

    @BeforeEach
    void connect(Platform platform, Api admin) {
        this.platform = platform;
        browser = new PageClient(platform.port());
        this.api = admin;
    }

    @Test
    void everyPageRendersInTheCommonLayoutWithThePlatformHealthLine() {
        for (String path : List.of("/", "/stores/new", "/activity")) {
            HttpResponse<String> page = browser.get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(page.body().contains("<html lang=\"en\">"), path);
            assertTrue(page.body().contains("id=\"platform-health\""), path);
            assertTrue(page.body().contains("Cluster <strong>"), path);
            assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
        assertEquals(200, browser.get("/static/app.css").statusCode());
        String htmx = "/webjars/htmx.org/" + PageRenderer.webJarVersion("htmx.org") + "/dist/htmx.min.js";
        assertTrue(browser.get("/").body().contains(htmx));
        assertEquals(200, browser.get(htmx).statusCode());
    }

    @Test
    void anEmptyStoreListSaysWhatToDo() {
        String body = browser.get("/").body();
        assertTrue(body.contains("No stores yet"), body);
        assertTrue(body.contains("href=\"/stores/new\""));
        assertTrue(body.contains("hx-get=\"/fragments/stores\""), "the list refreshes itself");
    }

    @Test
    void aBadNameIsShownNextToItsFieldWithTheInputKeptAndNothingIsCreated() {
        HttpResponse<String> page = browser.submit("/stores", Map.of("name", "My Shop", "engine", "woocommerce",
                "adminEmail", "owner@example.com"));
        assertEquals(422, page.statusCode());
        String body = page.body();
        assertTrue(body.contains("id=\"name-error\""), body);
        assertTrue(body.contains("lowercase letters"), body);
        assertTrue(body.contains("value=\"My Shop\""), "the typed name is kept");
        assertTrue(body.contains("value=\"owner@example.com\""), "the other fields are kept");
        assertTrue(body.contains("aria-invalid=\"true\""));
        assertTrue(body.contains("aria-describedby=\"name-hint name-error\""));
        assertNoStores();
    }

    @Test
    void markupLikeInputIsRefusedAndEveryEchoIsEscaped() {
        HttpResponse<String> page = browser.submit("/stores", Map.of("name", "<script>alert(1)</script>",
                "engine", "woocommerce", "adminEmail", "\"><img src=x onerror=alert(2)>"));
        assertEquals(422, page.statusCode());
        String body = page.body();
        assertFalse(body.contains("<script>alert(1)"), body);
        assertFalse(body.contains("<img src=x"), body);
        assertTrue(body.contains("value=\"&lt;script>alert(1)&lt;/script>\""), "the typed name is kept, escaped");
        assertTrue(body.contains("value=\"&#34;>&lt;img src=x onerror=alert(2)>\""),
                "the quote that would end the attribute is escaped: " + body);
        assertNoStores();
    }

    @Test
    void formPostsWithoutThisBrowsersTokenOrFromAnotherSiteAreRefusedAndChangeNothing() {
        Map<String, String> store = Map.of("name", "forged-shop", "engine", "woocommerce",
                "adminEmail", "owner@example.com");
        String token = browser.token();
        String otherBrowsersToken = new PageClient(platform.port()).token();
        assertNotEquals(token, otherBrowsersToken);

        assertRefused(browser.post("/stores", store, browser.base()), "no token");
        assertRefused(browser.post("/stores", with(store, Csrf.FIELD, "x".repeat(43)), browser.base()), "wrong token");
        assertRefused(browser.post("/stores", with(store, Csrf.FIELD, otherBrowsersToken), browser.base()),
                "another browser's token");
        assertRefused(browser.post("/stores", with(store, Csrf.FIELD, token), "https://evil.example"),
                "foreign origin");
        assertRefused(browser.post("/stores", with(store, Csrf.FIELD, token), "http://forged-shop.127.0.0.1.nip.io"),
                "a store's own subdomain");
        assertRefused(browser.post("/stores", with(store, Csrf.FIELD, token), "null"), "opaque origin");
        assertNoStores();

        assertEquals(303, browser.post("/stores", with(store, Csrf.FIELD, token), browser.base()).statusCode(),
                "the same request from this site with this browser's token goes through");
    }

    @Test
    void aValidFormCreatesTheStoreAndLandsOnItsPage() {
        HttpResponse<String> created = browser.submit("/stores", Map.of("name", "page-shop", "engine", "woocommerce",
                "adminEmail", "owner@example.com"));
        assertEquals(303, created.statusCode());
        assertEquals("/stores/page-shop", created.headers().firstValue("Location").orElse(null));
        String page = browser.get("/stores/page-shop").body();
        assertTrue(page.contains("<h1>page-shop</h1>"), page);
        assertTrue(page.contains("Request recorded"), "the progress view lists the steps");
        assertEquals("owner@example.com", api.get("/api/stores/page-shop").json().path("adminEmail").asText());
        assertTrue(browser.get("/activity").body().contains("Store requested by admin"));
    }

    @Test
    void aFailedStoreShowsWhereAndWhyAndOffersRetry() {
        createAndAwaitFailure("sad-shop");
        String page = browser.get("/stores/sad-shop").body();
        assertTrue(page.contains("The last operation failed at: Namespace"), page);
        assertTrue(page.contains("action=\"/stores/sad-shop/retry\""));
        assertFalse(page.contains("hx-trigger"), "a store at rest is not polled");

        assertEquals(303, browser.submit("/stores/sad-shop/retry", Map.of()).statusCode());
        assertEquals(1, api.get("/api/stores/sad-shop/events").json().path("events").findValues("message").stream()
                .filter(m -> m.asText().startsWith("Retry requested by admin")).count());
    }

    @Test
    void deletingNeedsTheStoresNameTypedExactly() {
        createAndAwaitFailure("doomed-shop");
        HttpResponse<String> confirm = browser.get("/stores/doomed-shop/delete");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("name=\"confirm\""));

        HttpResponse<String> wrong = browser.submit("/stores/doomed-shop/delete", Map.of("confirm", "doomed"));
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("id=\"confirm-error\""), wrong.body());
        assertTrue(wrong.body().contains("value=\"doomed\""), "what was typed is kept");
        assertEquals("FAILED", api.state("doomed-shop"), "nothing was deleted");

        HttpResponse<String> right = browser.submit("/stores/doomed-shop/delete", Map.of("confirm", "doomed-shop"));
        assertEquals(303, right.statusCode());
        assertTrue(List.of("DELETING", "DELETED", "FAILED").contains(api.state("doomed-shop")));
        assertTrue(api.get("/api/stores/doomed-shop/events").json().path("events").findValues("message").stream()
                .anyMatch(m -> m.asText().equals("Deletion requested by admin")));
    }

    @Test
    void revealingThePasswordOfAStoreWhoseClusterIsUnreachableSaysSoAndShowsNothing() {
        createAndAwaitFailure("locked-shop");
        HttpResponse<String> page = browser.submit("/stores/locked-shop/reveal", Map.of());
        assertEquals(503, page.statusCode());
        assertTrue(page.body().contains("The cluster did not answer"), page.body());
        assertFalse(page.body().contains("revealed-password"));
    }

    @Test
    void unknownPagesGetAnErrorPageWhileTheApiKeepsJson() {
        HttpResponse<String> store = browser.get("/stores/no-such-shop");
        assertEquals(404, store.statusCode());
        assertTrue(store.body().contains("No store named"), store.body());
        assertTrue(store.body().contains("id=\"platform-health\""), "same look as every page");
        HttpResponse<String> page = browser.get("/nothing/here");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains(ErrorPages.NO_SUCH_PAGE), page.body());
        HttpResponse<String> apiMiss = browser.get("/api/nothing-here");
        assertEquals(404, apiMiss.statusCode());
        assertTrue(apiMiss.body().startsWith("{"), apiMiss.body());
    }

    private void createAndAwaitFailure(String name) {
        assertEquals(303, browser.submit("/stores", Map.of("name", name, "engine", "woocommerce",
                "adminEmail", "owner@example.com")).statusCode());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> "FAILED".equals(api.state(name)));
    }

    private static void assertRefused(HttpResponse<String> response, String why) {
        assertEquals(403, response.statusCode(), why);
        assertTrue(response.body().contains("Request refused"), why + ": " + response.body());
    }

    private void assertNoStores() {
        assertEquals(0, api.get("/api/stores?includeDeleted=true").json().path("stores").size(),
                "no store was recorded");
    }

    private static Map<String, String> with(Map<String, String> fields, String key, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put(key, value);
        return all;
    }
}
