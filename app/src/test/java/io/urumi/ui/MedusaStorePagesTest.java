package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.Platform;
import io.urumi.db.Database;
import io.urumi.db.jdbi.JdbiStoreRepository;
import io.urumi.store.Engine;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatform;
import io.urumi.support.OfflinePlatformTest;
import io.urumi.support.Repo;
import io.urumi.support.StoreFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Functional tier: Medusa is offered wherever a store is asked for, named wherever a store is shown, and a Medusa
 * store is never moved to a chart version that has no Medusa engine (the published 0.1.0 and 0.2.0 have none).
 */
@OfflinePlatformTest
class MedusaStorePagesTest implements OfflinePlatformTest.Seed {
    private static final String CURRENT = Repo.currentChartVersion();
    private Path dir;
    private PageClient browser;
    private Api api;

    /** A Medusa store as provisioning leaves it: READY on the current chart at revision 1. */
    @Override
    public void seed(Jdbi jdbi) {
        StoreFixture stores = new StoreFixture(jdbi);
        stores.readyStore("med-shop", Engine.MEDUSA, CURRENT, 1);
        stores.release("med-shop", 1, CURRENT, "deployed", "Install");
    }

    @BeforeEach
    void connect(Platform platform, Api admin, Path dir) {
        this.dir = dir;
        browser = new PageClient(platform.port());
        api = admin;
    }

    @Test
    void theCreateFormOffersMedusaAndAMedusaStoreCreatedThroughItSaysSoEverywhere() {
        assertTrue(browser.get("/stores/new").body().contains("<option value=\"medusa\">Medusa</option>"));
        HttpResponse<String> created = browser.submit("/stores", Map.of("name", "form-med", "engine", "medusa",
                "adminEmail", "owner@example.com"));
        assertEquals(303, created.statusCode(), created.body());
        assertEquals("medusa", api.get("/api/stores/form-med").json().path("engine").asText());
        assertTrue(browser.get("/stores/form-med").body().contains("Medusa · namespace <code>store-form-med</code>"));

        Api.Response viaApi = api.postJson("/api/stores",
                "{\"name\":\"api-med\",\"engine\":\"Medusa\",\"adminEmail\":\"owner@example.com\"}");
        assertEquals(202, viaApi.status(), viaApi.raw().body());
        assertEquals("medusa", viaApi.json().path("engine").asText());

        String list = browser.get("/").body();
        for (String id : List.of("med-shop", "form-med", "api-med")) {
            assertTrue(list.contains("href=\"/stores/" + id + "\">" + id + "</a></th><td>Medusa</td>"), list);
        }
        String activity = browser.get("/activity").body();
        assertTrue(activity.contains("<th scope=\"col\">Engine</th>"), activity);
        assertTrue(activity.contains("<a href=\"/stores/api-med\">api-med</a></td><td>Medusa</td>"), activity);
    }

    @Test
    void aMedusaStorePageLinksMedusasAdminAndNamesTheEmailAsItsSignIn() {
        String page = browser.get("/stores/med-shop").body();
        assertTrue(page.contains("Medusa · namespace <code>store-med-shop</code>"), page);
        assertTrue(page.contains("<a href=\"http://med-shop.127.0.0.1.nip.io/app/\" rel=\"noopener\">"), page);
        assertFalse(page.contains("wp-admin"), "no WordPress admin for a Medusa store");
        assertTrue(page.contains("<dt>Admin user</dt>\n        <dd><code>owner@example.com</code></dd>"), page);
        assertFalse(page.contains("<option value=\"0.2.0\">"), "0.2.0 has no Medusa: not offered as a target");
        assertFalse(page.contains("<option value=\"0.1.0\">"), "0.1.0 has no Medusa: not offered as a target");
    }

    @Test
    void upgradingAMedusaStoreToAChartWithoutMedusaIsRefusedWith409AndChangesNothing() {
        Api.Response refused = api.postJson("/api/stores/med-shop/upgrade", "{\"chartVersion\":\"0.2.0\"}");
        assertEquals(409, refused.status(), refused.raw().body());
        assertEquals("engine_unsupported", refused.json().path("error").asText());
        String message = refused.json().path("message").asText();
        assertTrue(message.contains("Chart 0.2.0 has no medusa engine") && message.contains("stays on chart " + CURRENT)
                && message.contains("Chart versions that run medusa stores: " + CURRENT), message);
        Api.Response preview = api.get("/api/stores/med-shop/upgrade-preview?chartVersion=0.1.0");
        assertEquals(409, preview.status(), preview.raw().body());
        assertEquals("engine_unsupported", preview.json().path("error").asText());

        HttpResponse<String> page = browser.submit("/stores/med-shop/upgrade", Map.of("chartVersion", "0.2.0"));
        assertTrue(page.body().contains("Chart 0.2.0 has no medusa engine"), page.body());

        JsonNode store = api.get("/api/stores/med-shop").json();
        assertEquals("READY", store.path("state").asText());
        assertEquals(CURRENT, store.path("chartVersion").asText());
        assertEquals(1, store.path("helmRevision").asInt());
        assertEquals("CREATE", store.path("lastOperation").path("type").asText(), "no operation was queued");
    }

    @Test
    void thePublishableKeyIsShownToTheOwnerOnceTheSetupHasToldIt() {
        assertTrue(api.get("/api/stores/med-shop").json().path("publishableKey").isNull(), "unknown until set up");
        assertTrue(browser.get("/stores/med-shop").body().contains("known once the setup has run"));

        try (Database db = Database.open(OfflinePlatform.jdbcUrl(dir))) {
            new JdbiStoreRepository(db.jdbi()).setPublishableKey("med-shop", "pk_0123abc<script>");
        }
        assertEquals("pk_0123abc<script>", api.get("/api/stores/med-shop").json().path("publishableKey").asText());
        String page = browser.get("/stores/med-shop").body();
        assertTrue(page.contains("<code>pk_0123abc&lt;script&gt;</code>"), "shown, and escaped like all output");
        assertFalse(page.contains("pk_0123abc<script>"));
    }

    @Test
    void theChartListSaysWhichEnginesEachVersionRuns() {
        JsonNode engines = api.get("/api/charts").json().path("engines");
        assertEquals(List.of("woocommerce"), texts(engines.path("0.1.0")));
        assertEquals(List.of("woocommerce"), texts(engines.path("0.2.0")));
        assertEquals(List.of("woocommerce", "medusa"), texts(engines.path(CURRENT)));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
