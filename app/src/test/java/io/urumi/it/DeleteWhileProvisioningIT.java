package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that deleting a store while it is still provisioning ends with nothing left: no namespace, no release. */
class DeleteWhileProvisioningIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void aDeleteDuringProvisioningIsAcceptedAndFollowsTheInstallLeavingNothingBehind() {
        String ns = "store-gone-shop";
        cluster.faults().set(ns, Fault.HOLD); // the install waits on pods that never start
        try (TestPlatform platform = TestPlatform.start(cluster, data,
                Map.of("URUMI_PROVISIONING_TIMEOUT_SECONDS", "30"))) {
            Api api = platform.api();
            assertEquals(202, api.createStore("gone-shop").status());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> messages(api).contains("Installing release"));

            Api.Response deleting = api.delete("/api/stores/gone-shop");
            assertEquals(202, deleting.status(), deleting.raw().body());
            assertEquals("PROVISIONING", deleting.json().path("state").asText(), "the install is still running");
            assertTrue(messages(api).contains("Deletion requested"));

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "DELETED".equals(api.state("gone-shop")));
            assertNull(cluster.client().namespaces().withName(ns).get(), "no stuck namespace");
            assertTrue(cluster.client().secrets().inAnyNamespace().withLabel("name", "urumi-gone-shop").list()
                    .getItems().isEmpty(), "no Helm release record left");
        } finally {
            cluster.faults().clear(ns);
        }
    }

    private static String messages(Api api) {
        return StreamSupport.stream(api.get("/api/stores/gone-shop/events").json().path("events").spliterator(), false)
                .map(e -> e.path("message").asText()).reduce("", (a, b) -> a + "\n" + b);
    }
}
