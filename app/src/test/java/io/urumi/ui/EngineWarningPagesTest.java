package io.urumi.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatform;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functional tier: a user learns on the create form, before choosing the engine, that WooCommerce stores cannot be
 * set up on this cluster, when the operator's plugin source (the store values) is an address nothing answers at.
 */
class EngineWarningPagesTest {
    @TempDir
    Path dir;

    @Test
    void theCreateFormAndTheApiSayWhyWooCommerceCannotBeSetUpWhenItsPluginDownloadIsUnreachable() {
        int closed = TestPlatform.freePort();
        String source = "http://127.0.0.1:" + closed + "/woocommerce.zip";
        try (Platform platform = OfflinePlatform.start(dir, Map.of("URUMI_STORE_VALUES",
                "{\"woocommerce\":{\"cli\":{\"woocommerce\":\"" + source + "\"}}}"))) {
            Api api = Api.admin(platform.port());
            await().atMost(Duration.ofSeconds(20)).until(() -> !warning(api, "woocommerce").isNull());
            assertTrue(warning(api, "woocommerce").asText().contains("127.0.0.1:" + closed));
            assertTrue(warning(api, "medusa").isNull(), "Medusa's setup needs nothing from outside the cluster");

            String form = new PageClient(platform.port()).get("/stores/new").body();
            assertTrue(form.contains("<option value=\"woocommerce\" selected>WooCommerce (cannot be set up here now)"
                    + "</option>"), form);
            assertTrue(form.contains("<option value=\"medusa\">Medusa</option>"), form);
            assertTrue(form.contains("id=\"engine-warning-woocommerce\""), form);
            assertTrue(form.contains("aria-describedby=\"engine-hint engine-warning-woocommerce\""),
                    "a screen reader reads the warning with the select: " + form);
            assertTrue(form.contains("127.0.0.1:" + closed + ", which this platform cannot reach"), form);
            assertFalse(form.contains("id=\"engine-warning-medusa\""), form);
        }
    }

    @Test
    void aPluginZipInsideTheSetupImageNeedsNoRouteSoTheFormWarnsOfNothing() {
        try (Platform platform = OfflinePlatform.start(dir, Map.of("URUMI_STORE_VALUES",
                "{\"woocommerce\":{\"cli\":{\"woocommerce\":\"/opt/woocommerce.zip\"}}}"))) {
            Api api = Api.admin(platform.port());
            String form = new PageClient(platform.port()).get("/stores/new").body();
            assertFalse(form.contains("engine-warning"), form);
            assertTrue(form.contains("<option value=\"woocommerce\" selected>WooCommerce</option>"), form);
            assertTrue(warning(api, "woocommerce").isNull());
        }
    }

    private static JsonNode warning(Api api, String engine) {
        for (JsonNode e : api.get("/api/engines").json().path("engines")) {
            if (engine.equals(e.path("engine").asText())) {
                return e.path("setupWarning");
            }
        }
        throw new AssertionError("no engine " + engine + " in /api/engines");
    }
}
