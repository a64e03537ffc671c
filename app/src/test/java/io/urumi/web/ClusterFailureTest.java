package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cluster that is away or refuses the platform is told apart from the platform's own bugs, however deep. */
class ClusterFailureTest {

    @Test
    void aRefusalIsAnOperatorsMatterAndNamesTheRequestId() {
        var wrapped = new IllegalStateException("could not read the release",
                new KubernetesClientException("Forbidden", 403, null));
        ClusterFailure failure = ClusterFailure.of(wrapped, "req-7").orElseThrow();
        assertEquals(502, failure.status());
        assertEquals("cluster_error", failure.code());
        assertTrue(failure.message().contains("403 Forbidden") && failure.message().contains("req-7"),
                failure.message());
    }

    @Test
    void noAnswerAtAllIsUnavailableAndAnythingElseIsNotAClusterFailure() {
        assertEquals(503, ClusterFailure.of(new KubernetesClientException("connect refused"), "r").orElseThrow()
                .status());
        assertEquals(502, ClusterFailure.describe(500, "r").status());
        assertEquals(Optional.empty(), ClusterFailure.of(new UncheckedIOException(new java.io.IOException("disk")),
                "r"));
    }
}
