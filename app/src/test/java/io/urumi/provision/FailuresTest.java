package io.urumi.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which failures are retried with backoff and which wait for a person, and what each one says. */
class FailuresTest {
    private static KubernetesClientException answer(int code, String reason, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason)
                .withMessage(message).build());
    }

    @Test
    void aWriteConflictOrABusyApiServerIsRetried() {
        StepFailure conflict = Failures.failure("quota", answer(409, "Conflict",
                "Operation cannot be fulfilled on resourcequotas \"store-quota\": the object has been modified"));
        assertTrue(conflict.isTransient());
        assertEquals("quota", conflict.step());
        assertTrue(conflict.getMessage().contains("the object has been modified"), conflict.getMessage());

        assertTrue(Failures.failure("release", answer(429, "TooManyRequests", "slow down")).isTransient());
        assertTrue(Failures.failure("release", answer(503, "ServiceUnavailable", "etcd leader changed")).isTransient());
        assertTrue(Failures.failure("release", answer(504, "Timeout", "the server was unable to return a response"))
                .isTransient());
        assertTrue(Failures.failure("namespace", new IllegalStateException("while creating",
                answer(409, "Conflict", "modified"))).isTransient(), "found anywhere in the cause chain");
    }

    @Test
    void anUnreachableClusterIsRetriedAndSaysSo() {
        StepFailure failure = Failures.failure("namespace", new KubernetesClientException("An error has occurred.",
                new ConnectException("Connection refused")));
        assertTrue(failure.isTransient());
        assertTrue(failure.getMessage().startsWith("The Kubernetes API could not be reached during step 'namespace'"),
                failure.getMessage());
    }

    @Test
    void refusalsInvalidObjectsAndNameClashesWaitForAPerson() {
        StepFailure forbidden = Failures.failure("quota", answer(403, "Forbidden", "resourcequotas is forbidden"));
        assertFalse(forbidden.isTransient());
        assertTrue(forbidden.getMessage().contains("Check the platform's RBAC"), forbidden.getMessage());
        assertFalse(Failures.failure("quota", answer(422, "Invalid", "spec.hard: Invalid value")).isTransient());
        assertFalse(Failures.failure("namespace", answer(409, "AlreadyExists", "namespaces \"x\" already exists"))
                .isTransient(), "something else holds the name; trying again changes nothing");
        assertFalse(Failures.failure("release", new IllegalStateException("chart rendering failed")).isTransient());
    }

    @Test
    void aNamespaceThatIsSlowToGoIsNotBlamedOnPodsThatNeverBecameReady() {
        String timeout = "Timed out waiting for [60000] milliseconds for [Namespace] with name:[store-x]";
        String deletion = Failures.failure("namespace-delete", new IllegalStateException(timeout)).getMessage();
        assertTrue(deletion.contains("the store's namespace was not gone in time"), deletion);
        assertFalse(deletion.contains("did not become ready"), deletion);
        String install = Failures.failure("release", new IllegalStateException("timed out waiting for the condition"))
                .getMessage();
        assertTrue(install.contains("the store's pods did not become ready in time"), install);
    }
}
