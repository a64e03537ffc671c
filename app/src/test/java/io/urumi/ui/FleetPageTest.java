package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.db.Database;
import io.urumi.store.Engine;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatform;
import io.urumi.support.OfflinePlatformTest;
import io.urumi.support.StoreFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Functional tier: the fleet page against the real app and database, with no cluster behind it. */
@OfflinePlatformTest
class FleetPageTest {
    private Platform platform;
    private PageClient browser;
    private Path dir;

    @BeforeEach
    void connect(Platform platform, Path dir) {
        this.platform = platform;
        this.dir = dir;
        browser = new PageClient(platform.port());
    }

    @Test
    void theFleetPageOffersTheStartFormAndSaysWhyARequestWasRefused() {
        HttpResponse<String> page = browser.get("/fleet");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("No fleet upgrade yet"), page.body());
        assertTrue(page.body().contains("name=\"_csrf\""));
        assertTrue(page.body().contains("href=\"/fleet\" aria-current=\"page\""), "the nav marks the page");

        HttpResponse<String> forged = browser.post("/fleet", Map.of("fromVersion", "0.1.0", "toVersion", "0.2.0"),
                browser.base());
        assertEquals(403, forged.statusCode(), "no form token, no fleet upgrade");

        HttpResponse<String> refused = browser.submit("/fleet", Map.of("fromVersion", "0.1.0", "toVersion", "0.2.0"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("No READY store runs chart 0.1.0"), refused.body());
        assertEquals("[]", Api.admin(platform.port()).get("/api/fleet-upgrades").json().path("fleetUpgrades")
                .toString());
    }

    @Test
    void aStartedFleetUpgradeIsListedWithItsWavesAndStores() {
        try (Database db = Database.open(OfflinePlatform.jdbcUrl(dir))) {
            StoreFixture stores = new StoreFixture(db.jdbi());
            for (String id : new String[] {"shop-a", "shop-b"}) {
                stores.readyStore(id, Engine.WOOCOMMERCE, "0.1.0", 1);
            }
        }
        String form = browser.get("/fleet").body();
        assertTrue(form.contains("0.1.0 (2 ready)"), form);

        HttpResponse<String> started = browser.submit("/fleet", Map.of("fromVersion", "0.1.0", "toVersion", "0.2.0"));
        assertEquals(303, started.statusCode(), started.body());
        assertEquals("/fleet#fleet-upgrade-1", started.headers().firstValue("Location").orElse(null));
        String body = browser.get("/fleet").body();
        assertTrue(body.contains("Fleet upgrade 1: 0.1.0 → 0.2.0"), body);
        assertTrue(body.contains("href=\"/stores/shop-a\"") && body.contains("href=\"/stores/shop-b\""), body);
        assertTrue(body.contains("hx-trigger=\"every 2s\""), "a running fleet upgrade refreshes itself");
    }
}
