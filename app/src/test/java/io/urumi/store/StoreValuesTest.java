package io.urumi.store;

import io.urumi.store.StoreValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreValuesTest {

    @Test
    void theSetupJobDeadlineIsShorterThanTheHelmTimeoutForEveryAllowedTimeout() {
        for (int timeout = 30; timeout <= 7200; timeout++) { // the range Config accepts
            long deadline = StoreValues.setupDeadlineSeconds(Duration.ofSeconds(timeout));
            assertTrue(deadline < timeout && deadline >= 10, timeout + " s gives " + deadline + " s");
        }
        assertEquals(480, StoreValues.setupDeadlineSeconds(Duration.ofSeconds(600)), "the chart's default at 600 s");
        assertEquals(20, StoreValues.setupDeadlineSeconds(Duration.ofSeconds(30)));
    }

    @Test
    void everyStoreIsGivenTheDeadlineDerivedFromThePlatformsHelmTimeout() {
        Map<String, Object> values = new StoreValues("example.com", "nginx", "", Duration.ofSeconds(120))
                .forStore("shop", "woocommerce", "o@example.com");
        assertEquals(Map.of("activeDeadlineSeconds", 96L), values.get("setup"));
    }

    @Test
    void theOperatorsDefaultsReachEveryStoreButNeverOverrideThePlatformsOwnKeys() {
        Map<String, Object> defaults = Map.of(
                "medusa", Map.of("server", Map.of("image", Map.of("repository", "mirror.example/medusa", "tag", "1"))),
                "ingress", Map.of("host", "stolen.example.com", "annotations", Map.of("a", "b")),
                "existingSecret", "someone-elses");
        Map<String, Object> values = new StoreValues("example.com", "nginx", "", Duration.ofSeconds(120), defaults)
                .forStore("shop", "medusa", "o@example.com");

        assertEquals(Map.of("server", Map.of("image", Map.of("repository", "mirror.example/medusa", "tag", "1"))),
                values.get("medusa"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ingress = (Map<String, Object>) values.get("ingress");
        assertEquals("shop.example.com", ingress.get("host"), "the platform names the store's host");
        assertEquals(Map.of("a", "b"), ingress.get("annotations"), "keys the platform does not set are kept");
        assertEquals("store-credentials", values.get("existingSecret"), "the platform's own Secret");
    }
}
