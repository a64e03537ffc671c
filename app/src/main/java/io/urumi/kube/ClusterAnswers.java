package io.urumi.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** Finds what the cluster answered behind an error that a step or a request wrapped on its way up. */
public final class ClusterAnswers {
    private ClusterAnswers() {
    }

    /** The first fabric8 failure among {@code error} and its causes, if the cluster (or its absence) is behind it. */
    public static Optional<KubernetesClientException> behind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
