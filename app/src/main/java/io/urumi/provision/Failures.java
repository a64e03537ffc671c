package io.urumi.provision;

import io.urumi.kube.ClusterAnswers;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;

/** Turns what a library threw into a reason a person understands, ending with what to do. */
final class Failures {
    private Failures() {
    }

    /**
     * A Helm install or upgrade that failed: when Helm says the post-install or post-upgrade hook failed, the
     * setup Job is at fault and its own reason is given; otherwise the error is explained as any other.
     */
    static StepFailure release(String step, RuntimeException e, StoreCluster cluster, String storeId) {
        String message = String.valueOf(e.getMessage());
        // Helm words it "failed post-install: ..." on install and "post-upgrade hooks failed: ..." on upgrade.
        if (message.contains("post-install") || message.contains("post-upgrade")) {
            String reason = cluster.setupJobFailure(storeId).orElse(message);
            return new StepFailure("setup-job", "The setup job failed (" + reason + ")." + notReady(cluster, storeId)
                    + " Read its log with `kubectl logs -n " + io.urumi.store.StoreNames.namespace(storeId)
                    + " -l app.kubernetes.io/component=setup`, fix the cause, then retry.", e);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("deadline exceeded") || lower.contains("timed out")) {
            String waiting = notReady(cluster, storeId);
            if (!waiting.isEmpty()) {
                return new StepFailure(step, "Step '" + step + "' timed out: Helm's wait ended (" + message + ")."
                        + waiting + " Check the pods and events in " + io.urumi.store.StoreNames.namespace(storeId)
                        + " (capacity, image pulls, probes), then retry.", e);
            }
        }
        return failure(step, e);
    }

    /** " Never became ready: Deployment x (0/1 ready)." or empty when everything is ready or nothing can be asked. */
    private static String notReady(StoreCluster cluster, String storeId) {
        try {
            List<String> waiting = cluster.notReady(storeId);
            return waiting.isEmpty() ? "" : " Never became ready: " + String.join(", ", waiting) + ".";
        } catch (RuntimeException unreachable) {
            return "";
        }
    }

    /**
     * Any other failure of a step. Transient, so retried with backoff: an unreachable cluster, and answers the API
     * server gives when it is busy or lost a race (a write conflict, throttling, unavailable, timeout). Everything
     * else needs a person.
     */
    static StepFailure failure(String step, Throwable e) {
        String reason = explain(step, e);
        return isUnreachable(e, rootMessage(e).toLowerCase(Locale.ROOT)) || isMomentary(e)
                ? StepFailure.transientFailure(step, reason, e) : new StepFailure(step, reason, e);
    }

    private static boolean isMomentary(Throwable e) {
        return ClusterAnswers.behind(e).filter(ClusterAnswers.Answer::momentary).isPresent();
    }

    static String explain(String step, Throwable e) {
        String message = rootMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        if (isUnreachable(e, lower)) {
            return "The Kubernetes API could not be reached during step '" + step + "' (" + message
                    + "). Retry once the cluster is reachable again.";
        }
        if (ClusterAnswers.behind(e).filter(a -> a.status() == 403).isPresent() || lower.contains("forbidden")) {
            return "The platform is not allowed to do step '" + step + "' (" + message
                    + "). Check the platform's RBAC, then retry.";
        }
        if ((lower.contains("timed out") || lower.contains("deadline exceeded")) && step.equals("namespace-delete")) {
            return "Step '" + step + "' timed out: the store's namespace was not gone in time (" + message
                    + "). Its pods may still be stopping or a finalizer may hold it: check the namespace's pods and "
                    + "status, then retry the deletion.";
        }
        if (lower.contains("timed out") || lower.contains("deadline exceeded")) {
            return "Step '" + step + "' timed out: the store's pods did not become ready in time (" + message
                    + "). Check the pods and events in the store's namespace (capacity, image pulls), then retry.";
        }
        return "Step '" + step + "' failed: " + message + ". Retry; if it fails again, check the cluster.";
    }

    private static boolean isUnreachable(Throwable e, String lower) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return lower.contains("connection refused") || lower.contains("no route to host")
                || lower.contains("cluster unreachable") || lower.contains("connection reset");
    }

    /** The outer message, with the root cause's appended when the outer one says nothing concrete. */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == e || root.getMessage() == null ? "" : root.getMessage().strip();
        if (message.isEmpty() || message.equals("An error has occurred.")) {
            return cause.isEmpty() ? e.getClass().getSimpleName() : cause;
        }
        return cause.isEmpty() || message.contains(cause) ? message : message + ": " + cause;
    }
}
