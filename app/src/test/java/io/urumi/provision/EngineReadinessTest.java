package io.urumi.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.store.Engine;
import io.urumi.support.Repo;
import io.urumi.support.TestPlatform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether a WooCommerce store's plugin source can be reached, against real sockets on this machine. */
class EngineReadinessTest {
    private static final Path CHART = Repo.root().resolve("charts/ecommerce-store");

    @Test
    void thePluginSourceIsTheOperatorsStoreValueOverTheChartsPinnedDownload() {
        assertEquals("https://downloads.wordpress.org/plugin/woocommerce.9.8.5.zip",
                EngineReadiness.pluginSource(CHART, Map.of()));
        assertEquals("/opt/woocommerce.zip", EngineReadiness.pluginSource(CHART,
                Map.of("woocommerce", Map.of("cli", Map.of("woocommerce", "/opt/woocommerce.zip")))));
        assertEquals("https://downloads.wordpress.org/plugin/woocommerce.9.8.5.zip", EngineReadiness.pluginSource(
                CHART, Map.of("woocommerce", Map.of("cli", Map.of("image", Map.of("tag", "x"))))),
                "other WP-CLI settings leave the chart's source in place");
    }

    @Test
    void aReachableDownloadOrAZipInTheImageWarnsOfNothing() throws IOException {
        try (ServerSocket mirror = new ServerSocket(0)) {
            assertEquals(Map.of(), checked("http://127.0.0.1:" + mirror.getLocalPort() + "/woocommerce.zip"));
        }
        assertEquals(Map.of(), checked("/opt/woocommerce.zip"));
    }

    @Test
    void anUnreachableDownloadWarnsOnlyAboutWooCommerceNamingTheAddressAndTheWayOut() {
        int closed = TestPlatform.freePort();
        Map<Engine, String> warnings = checked("https://127.0.0.1:" + closed + "/woocommerce.zip");
        assertEquals(java.util.Set.of(Engine.WOOCOMMERCE), warnings.keySet());
        String warning = warnings.get(Engine.WOOCOMMERCE);
        assertTrue(warning.contains("127.0.0.1:" + closed + ", which this platform cannot reach"), warning);
        assertTrue(warning.contains("woocommerce.cli.woocommerce"), warning);

        String unresolved = checked("https://plugins.urumi.invalid/woocommerce.zip").get(Engine.WOOCOMMERCE);
        assertTrue(unresolved.contains("plugins.urumi.invalid:443") && unresolved.contains("does not resolve"),
                unresolved);
    }

    @Test
    void aRouteThatOpensLaterClearsTheWarningAtTheNextCheck() throws IOException {
        int port = TestPlatform.freePort();
        try (EngineReadiness readiness = new EngineReadiness("http://127.0.0.1:" + port + "/woocommerce.zip")) {
            readiness.check();
            assertTrue(readiness.warning(Engine.WOOCOMMERCE).isPresent());
            try (ServerSocket mirror = new ServerSocket(port)) {
                readiness.check();
                assertEquals(Optional.empty(), readiness.warning(Engine.WOOCOMMERCE));
            }
        }
    }

    private static Map<Engine, String> checked(String source) {
        try (EngineReadiness readiness = new EngineReadiness(source)) {
            readiness.check();
            return readiness.warnings();
        }
    }
}
