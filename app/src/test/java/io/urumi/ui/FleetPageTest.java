package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.db.Database;
import io.urumi.store.Engine;
import io.urumi.store.OperationRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatform;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functional tier: the fleet page against the real app and database, with no cluster behind it. */
class FleetPageTest {
    @TempDir
    Path dir;
    private Platform platform;
    private PageClient browser;

    @BeforeEach
    void start() {
        platform = OfflinePlatform.start(dir);
        browser = new PageClient(platform.port());
    }

    @AfterEach
    void stop() {
        platform.close();
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
        Instant now = Instant.now();
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
            StoreRepository stores = new StoreRepository(db.jdbi());
            OperationRepository operations = new OperationRepository(db.jdbi());
            for (String id : new String[] {"shop-a", "shop-b"}) {
                long op = stores.create(new Store(id, Engine.WOOCOMMERCE, StoreState.PROVISIONING, "o@example.com",
                        "alice", null, null, null, null, now, now, null, null, now), "alice");
                operations.succeed(op, now);
                stores.markReady(id, "0.1.0", 1, now);
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
