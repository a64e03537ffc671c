package io.urumi.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a setup Job's log lines read in a failed store's reason. */
class JobLogLinesTest {

    @Test
    void aJsonLogLineIsShownAsItsLevelAndMessageWithoutItsStackTrace() {
        String medusa = "{\"level\":\"error\",\"message\":\"Error running script: Countries with codes: \\\"zz\\\" do "
                + "not exist\",\"stack\":[{\"columnNumber\":19,\"fileName\":\"/app/node_modules/region.js\"}],"
                + "\"timestamp\":\"2026-12-03 16:17:23\"}";
        assertEquals("error: Error running script: Countries with codes: \"zz\" do not exist",
                KubernetesStoreCluster.readable(medusa));
    }

    @Test
    void plainLinesAndJsonWithoutAMessageStayAsTheyAre() {
        assertEquals("setup: installing WooCommerce 9.8.5", KubernetesStoreCluster.readable(
                "setup: installing WooCommerce 9.8.5"));
        assertEquals("{\"msg\":\"other shape\"}", KubernetesStoreCluster.readable("{\"msg\":\"other shape\"}"));
        assertEquals("{not json}", KubernetesStoreCluster.readable("{not json}"));
    }
}
