package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows the watch-driven reconciler: a vanished namespace fails its store visibly, and orphans are reported. */
class ReconcilerIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aReadyStoreWhoseNamespaceIsDeletedBehindOurBackTurnsFailedAndRetryRebuildsIt() {
        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api api = platform.api();
            assertEquals(202, api.createStore("lost-shop").status());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "READY".equals(api.state("lost-shop")));

            cluster.client().namespaces().withName("store-lost-shop").delete();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "FAILED".equals(api.state("lost-shop")));
            JsonNode failure = api.get("/api/stores/lost-shop").json().path("failure");
            assertEquals("namespace", failure.path("step").asText());
            assertTrue(failure.path("reason").asText().contains("deleted outside Urumi"), failure.toString());

            assertEquals(202, api.postJson("/api/stores/lost-shop/retry", "").status());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "READY".equals(api.state("lost-shop")));

            assertEquals(202, api.delete("/api/stores/lost-shop").status());
            await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(api.state("lost-shop")));
            assertEquals("DELETED", api.state("lost-shop"), "an intended deletion is not mistaken for a vanishing");
        }
    }

    @Test
    void aNamespaceLabelledAsAStoreThatNoStoreOwnsIsReportedAsAnOrphan() {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("store-ghost")
                .addToLabels("app.kubernetes.io/managed-by", "urumi").addToLabels("urumi.io/store", "ghost")
                .endMetadata().build()).create();
        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> platform.api().get("/api/reconciler/orphans").json().path("orphans").toString()
                            .contains("store-ghost"));
        } finally {
            cluster.client().namespaces().withName("store-ghost").delete();
        }
    }
}
