package io.urumi.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.urumi.support.Repo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog learns each chart version's engines from the version's own schema, packaged or not. */
class ChartCatalogTest {

    @Test
    void everyPublishedVersionNamesTheEnginesItsSchemaAccepts() {
        ChartCatalog catalog = new ChartCatalog(Repo.root().resolve("charts/ecommerce-store"),
                Repo.root().resolve("charts/catalog"));
        String current = Repo.currentChartVersion();
        assertEquals(List.of("0.1.0", "0.2.0", current), catalog.versions());
        assertEquals(Set.of("woocommerce"), catalog.engines("0.1.0"), "read from the packaged 0.1.0");
        assertEquals(Set.of("woocommerce"), catalog.engines("0.2.0"));
        assertEquals(Set.of("woocommerce", "medusa"), catalog.engines(current), "read from the chart directory");
        assertEquals(Set.of(), catalog.engines("9.9.9"));
    }
}
