package io.urumi.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Reads what the cluster answered behind an error that a step or a request wrapped on its way up, in the platform's
 * own terms, so that the core and the web never handle a fabric8 type.
 */
public final class ClusterAnswers {
    private ClusterAnswers() {
    }

    /**
     * What the cluster said: its HTTP status (0 or less when nothing answered) and, for a 409, whether the object
     * already existed.
     */
    public record Answer(int status, boolean alreadyExists) {
        /** Worth trying again: a conflict other than "already exists", throttling, or the API briefly unavailable. */
        public boolean momentary() {
            return switch (status) {
                case 409 -> !alreadyExists;
                case 429, 503, 504 -> true;
                default -> false;
            };
        }
    }

    /** The cluster's answer among {@code error} and its causes, if the cluster (or its absence) is behind it. */
    public static Optional<Answer> behind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                return Optional.of(new Answer(k.getCode(),
                        k.getStatus() != null && "AlreadyExists".equals(k.getStatus().getReason())));
            }
        }
        return Optional.empty();
    }
}
