package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.db.jdbi.JdbiOperationRepository;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import io.urumi.support.Repo;
import io.urumi.support.StoreFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Functional tier for the upgrade and rollback pages, against the real app and database with no cluster behind
 * it. READY stores are recorded in the database before the platform starts, as a platform that had provisioned
 * them would have left them; Helm keeps the newest 2 revisions.
 */
@OfflinePlatformTest(settings = {"URUMI_HELM_HISTORY_MAX=2", "URUMI_CHART_CATALOG_DIR={dir}/no-catalog"})
class ReleasePagesTest implements OfflinePlatformTest.Seed {
    private static final String SURVIVOR_ERROR = "Upgrade to chart 0.2.0 failed and was rolled back to revision 1; "
            + "the store keeps serving. The setup job failed: <b>wp-cli</b> exited 1";
    private PageClient browser;
    private Api api;

    @Override
    public void seed(Jdbi jdbi) {
        seedReadyStore(jdbi, "ready-shop");
        seedStoreThatSurvivedAFailedUpgrade(jdbi, "survivor-shop");
    }

    @BeforeEach
    void connect(Platform platform, Api admin) {
        browser = new PageClient(platform.port());
        api = admin;
    }

    @Test
    void aReadyStoreOffersAnUpgradePreviewAndARollbackToEveryOtherRevisionHelmStillKeeps() {
        String page = browser.get("/stores/ready-shop").body();
        assertTrue(page.contains("<form class=\"form-row\" method=\"get\" action=\"/stores/ready-shop/upgrade\">"), page);
        String current = Repo.currentChartVersion();
        assertTrue(page.contains("<option value=\"" + current + "\">" + current + "</option>"),
                "the versions it does not run yet");
        assertFalse(page.contains("<option value=\"0.1.0\">"), "not the version it runs");
        assertTrue(page.contains("href=\"/stores/ready-shop/rollback?revision=2\""), page);
        assertTrue(page.contains("href=\"/stores/ready-shop/compare?revision=2\""));
        assertFalse(page.contains("rollback?revision=3"), "not to the revision it runs");
        assertFalse(page.contains("rollback?revision=1"), "not to a revision Helm no longer keeps");
        assertTrue(page.contains("no longer kept by Helm"));
        assertFalse(page.contains("id=\"operation-notice\""), "nothing to report about the last operation");
    }

    @Test
    void upgradeAndRollbackFormsWithoutThisBrowsersTokenAreRefusedAndChangeNothing() {
        String token = browser.token();
        for (String action : new String[] {"upgrade", "rollback"}) {
            Map<String, String> form = Map.of("chartVersion", "0.2.0", "revision", "2");
            assertRefused(browser.post("/stores/ready-shop/" + action, form, browser.base()), action + ": no token");
            assertRefused(browser.post("/stores/ready-shop/" + action, with(form, Csrf.FIELD, "x".repeat(43)),
                    browser.base()), action + ": wrong token");
            assertRefused(browser.post("/stores/ready-shop/" + action, with(form, Csrf.FIELD, token),
                    "https://evil.example"), action + ": another site");
        }
        assertEquals("READY", api.state("ready-shop"));
        assertEquals(3, api.get("/api/stores/ready-shop").json().path("helmRevision").asInt());

        HttpResponse<String> rolledBack = browser.submit("/stores/ready-shop/rollback", Map.of("revision", "2"));
        assertEquals(303, rolledBack.statusCode(), rolledBack.body());
        assertEquals("/stores/ready-shop", rolledBack.headers().firstValue("Location").orElse(null));
        assertEquals("ROLLBACK", api.get("/api/stores/ready-shop").json().path("lastOperation").path("type").asText(),
                "with this browser's token the rollback is queued");
    }

    @Test
    void aStoreThatIsNotReadyOffersNeitherAndSaysWhyAndRefusalsAreShownInThePage() {
        createAndAwaitFailure("sad-shop");
        String page = browser.get("/stores/sad-shop").body();
        assertFalse(page.contains("action=\"/stores/sad-shop/upgrade\""), page);
        assertFalse(page.contains("/stores/sad-shop/rollback"));
        assertTrue(page.contains("id=\"changes-unavailable\""), page);
        assertTrue(page.contains("Retry it first"), page);

        HttpResponse<String> upgrade = browser.submit("/stores/sad-shop/upgrade", Map.of("chartVersion", "0.2.0"));
        assertEquals(409, upgrade.statusCode());
        assertInPageLook(upgrade, "id=\"refusal\"");
        assertTrue(upgrade.body().contains("Only a READY store can be upgraded; store 'sad-shop' is FAILED."),
                upgrade.body());
        HttpResponse<String> rollback = browser.submit("/stores/sad-shop/rollback", Map.of("revision", "1"));
        assertEquals(409, rollback.statusCode());
        assertTrue(rollback.body().contains("The rollback was not started"), rollback.body());
        HttpResponse<String> preview = browser.get("/stores/sad-shop/upgrade?chartVersion=0.2.0");
        assertEquals(409, preview.statusCode());
        assertInPageLook(preview, "id=\"change-error\"");
        assertTrue(preview.body().contains("has no deployed revision yet"), preview.body());
        assertEquals("FAILED", api.state("sad-shop"), "nothing changed");
    }

    @Test
    void notFoundAndConflictFromTheServiceAreShownInThePageWithEverythingEscaped() {
        HttpResponse<String> preview = browser.get("/stores/ready-shop/upgrade?chartVersion=%3Cscript%3Ealert(1)%3C/script%3E");
        assertEquals(404, preview.statusCode());
        assertInPageLook(preview, "id=\"change-error\"");
        assertTrue(preview.body().contains("Chart version '&lt;script&gt;alert(1)&lt;/script&gt;' is not available"),
                preview.body());
        assertFalse(preview.body().contains("<script>alert(1)"));

        HttpResponse<String> upgrade = browser.submit("/stores/ready-shop/upgrade",
                Map.of("chartVersion", "\"><img src=x onerror=alert(2)>"));
        assertEquals(404, upgrade.statusCode());
        assertInPageLook(upgrade, "id=\"refusal\"");
        assertFalse(upgrade.body().contains("<img src=x"), upgrade.body());
        assertTrue(upgrade.body().contains("&lt;img src=x onerror=alert(2)&gt;"), upgrade.body());

        assertRefusedOnStorePage(browser.submit("/stores/ready-shop/rollback", Map.of("revision", "7")), 404,
                "Store 'ready-shop' has no revision 7.");
        assertRefusedOnStorePage(browser.submit("/stores/ready-shop/rollback", Map.of("revision", "1")), 404,
                "Revision 1 of store 'ready-shop' is no longer kept: history keeps the newest 2 revisions.");
        assertRefusedOnStorePage(browser.submit("/stores/ready-shop/rollback", Map.of("revision", "3")), 409,
                "Store 'ready-shop' is already at revision 3.");
        assertRefusedOnStorePage(browser.submit("/stores/ready-shop/rollback", Map.of("revision", "one")), 400,
                "The revision must be a revision number");
        assertEquals(400, browser.get("/stores/ready-shop/compare?revision=%3Cb%3E").statusCode());
        assertEquals("READY", api.state("ready-shop"));
        assertEquals(3, api.get("/api/stores/ready-shop").json().path("helmRevision").asInt(), "nothing changed");

        HttpResponse<String> unknown = browser.get("/stores/no-such-shop/upgrade?chartVersion=0.2.0");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("No store named"), unknown.body());
    }

    @Test
    void pagesAndApiThatReadHelmsRecordsSayTheClusterIsUnreachableAndChangeNothing() {
        // This platform's cluster address has nothing listening: Helm's release records cannot be read.
        HttpResponse<String> compare = browser.get("/stores/ready-shop/compare?revision=2");
        assertEquals(503, compare.statusCode(), compare.body());
        assertTrue(compare.body().contains("The Kubernetes cluster cannot be reached right now"), compare.body());
        assertFalse(compare.body().contains("Something went wrong"), "not the page for our own bugs");

        Api.Response diff = api.get("/api/stores/ready-shop/revisions/diff?from=2&to=3");
        assertEquals(503, diff.status(), diff.raw().body());
        assertEquals("cluster_unreachable", diff.json().path("error").asText());
        assertTrue(diff.json().path("message").asText().contains("Nothing was changed; try again in a minute"));
        assertEquals("READY", api.state("ready-shop"));
        assertEquals(3, api.get("/api/stores/ready-shop").json().path("helmRevision").asInt());
    }

    @Test
    void anUpgradeThatFailedAndWasRolledBackIsExplainedAboveTheStore() {
        String page = browser.get("/stores/survivor-shop").body();
        assertTrue(page.contains("id=\"operation-notice\""), page);
        assertTrue(page.contains("The upgrade to chart 0.2.0 failed; the store was rolled back and is serving "
                + "revision 3 (chart 0.1.0)"), page);
        assertTrue(page.contains("The setup job failed: &lt;b&gt;wp-cli&lt;/b&gt; exited 1"), "the reason, escaped");
        assertTrue(page.contains("<option value=\"" + Repo.currentChartVersion() + "\">"), "ready for another try");
        assertTrue(page.contains("Automatic rollback to the revision that was serving"),
                "the progress view tells the upgrade's steps: " + page);
    }

    /** A store as provisioning leaves it: READY at chart 0.1.0, revision 3 of 3, its CREATE operation done. */
    private static void seedReadyStore(Jdbi jdbi, String id) {
        StoreFixture stores = new StoreFixture(jdbi);
        stores.readyStore(id, Engine.WOOCOMMERCE, "0.1.0", 3);
        stores.release(id, 1, "0.1.0", "superseded", "Install");
        stores.release(id, 2, "0.2.0", "superseded", "Upgrade to 0.2.0");
        stores.release(id, 3, "0.1.0", "deployed", "Rollback to 1");
    }

    /** A store whose upgrade failed, was rolled back by the platform, and kept serving. */
    private static void seedStoreThatSurvivedAFailedUpgrade(Jdbi jdbi, String id) {
        seedReadyStore(jdbi, id);
        StoreRepository stores = new JdbiStoreRepository(jdbi);
        Instant now = Instant.now();
        long upgrade = stores.transitionAndQueue(id, EnumSet.of(StoreState.READY), StoreState.UPGRADING,
                Operation.Type.UPGRADE, "0.2.0", StoreFixture.OWNER, "Upgrade requested", now).orElseThrow();
        stores.addEvent(id, upgrade, "upgrade", StoreEvent.Status.FAILED, "setup job failed", now);
        stores.addEvent(id, upgrade, "rollback", StoreEvent.Status.DONE, "rolled back", now);
        new JdbiOperationRepository(jdbi).fail(upgrade, SURVIVOR_ERROR, now);
        stores.markReadyAt(id, "0.1.0", 3, now);
    }

    private void createAndAwaitFailure(String name) {
        assertEquals(303, browser.submit("/stores", Map.of("name", name, "engine", "woocommerce",
                "adminEmail", "owner@example.com")).statusCode());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> "FAILED".equals(api.state(name)));
    }

    private static void assertRefusedOnStorePage(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertInPageLook(response, "id=\"refusal\"");
        assertTrue(response.body().contains(message), message + " in " + response.body());
    }

    private static void assertInPageLook(HttpResponse<String> response, String marker) {
        assertTrue(response.body().contains("id=\"platform-health\""), "same look as every page");
        assertTrue(response.body().contains(marker), marker + " in " + response.body());
    }

    private static void assertRefused(HttpResponse<String> response, String why) {
        assertEquals(403, response.statusCode(), why);
        assertTrue(response.body().contains("Request refused"), why + ": " + response.body());
    }

    private static Map<String, String> with(Map<String, String> fields, String key, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put(key, value);
        return all;
    }
}
