package io.urumi.web;

import io.urumi.kube.ClusterAnswers;
import java.util.Optional;

/**
 * What a person is told when a request needed the cluster and the cluster did not answer as it should: unreachable
 * (503: nothing changed, try again) or refusing the platform (502: an operator's matter), instead of a bare 500.
 */
record ClusterFailure(int status, String code, String message) {

    /** The cluster failure behind {@code error} (anywhere in its causes), if that is what it is. */
    static Optional<ClusterFailure> of(Throwable error, String requestId) {
        return ClusterAnswers.behind(error).map(a -> describe(a.status(), requestId));
    }

    static ClusterFailure describe(int code, String requestId) {
        if (code <= 0 || code == 503 || code == 504) { // fabric8 gives 0 or -1 when nothing answered
            return new ClusterFailure(503, "cluster_unreachable", "The Kubernetes cluster cannot be reached right "
                    + "now, so this could not be read from it or done in it. Nothing was changed; try again in a "
                    + "minute. Request id: " + requestId);
        }
        String answer = code == 403 ? "refused the platform's request (403 Forbidden): the platform's service "
                + "account lacks a permission" : "answered HTTP " + code;
        return new ClusterFailure(502, "cluster_error", "The Kubernetes cluster " + answer + ". Nothing was changed "
                + "here; an operator can find the details in the platform's log under request id " + requestId + ".");
    }
}
