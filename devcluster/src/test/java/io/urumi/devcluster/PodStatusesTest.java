package io.urumi.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
    private final PodStatuses statuses = new PodStatuses("2026-01-01T00:00:00Z");

    @Test
    void aScheduledPodBecomesRunningAndReadyWithAPodIp() {
        PodStatus status = statuses.next(pod(false), null, () -> "10.244.0.7").orElseThrow();

        assertEquals("Running", status.getPhase());
        assertEquals("10.244.0.7", status.getPodIP());
        assertTrue(status.getContainerStatuses().get(0).getReady());
        assertTrue(PodStatuses.isReady(new PodBuilder(pod(false)).withStatus(status).build()));
    }

    @Test
    void aJobPodSucceedsWithExitCodeZero() {
        PodStatus status = statuses.next(pod(true), null, () -> "10.244.0.7").orElseThrow();

        assertEquals("Succeeded", status.getPhase());
        assertEquals(0, terminated(status).getExitCode());
        assertEquals("Completed", terminated(status).getReason());
    }

    @Test
    void aJobPodFailsWithTheSimulatedErrorUnderFailJobs() {
        PodStatus status = statuses.next(pod(true), Fault.FAIL_JOBS, () -> "10.244.0.7").orElseThrow();

        assertEquals("Failed", status.getPhase());
        assertEquals(1, terminated(status).getExitCode());
        assertEquals(PodStatuses.FAILURE_MESSAGE, terminated(status).getMessage());
    }

    @Test
    void aPodRunsButNeverGetsReadyUnderNeverReady() {
        PodStatus status = statuses.next(pod(false), Fault.NEVER_READY, () -> "10.244.0.7").orElseThrow();

        assertEquals("Running", status.getPhase());
        assertFalse(status.getContainerStatuses().get(0).getReady());
        assertFalse(PodStatuses.isReady(new PodBuilder(pod(false)).withStatus(status).build()));
    }

    @Test
    void anUnreadyPodBecomesReadyOnceTheFaultIsCleared() {
        Pod unready = withStatus(pod(false), Fault.NEVER_READY);

        PodStatus status = statuses.next(unready, null, () -> "10.244.9.9").orElseThrow();

        assertTrue(PodStatuses.isReady(new PodBuilder(unready).withStatus(status).build()));
        assertEquals("10.244.0.7", status.getPodIP(), "a pod keeps its IP");
    }

    @Test
    void aHeldPodStaysPending() {
        assertEquals(Optional.empty(), statuses.next(pod(false), Fault.HOLD, () -> "10.244.0.7"));
        assertEquals(Optional.empty(), statuses.next(pod(true), Fault.HOLD, () -> "10.244.0.7"));
    }

    @Test
    void aPodAlreadyShowingItsStateNeedsNoWrite() {
        assertEquals(Optional.empty(), statuses.next(withStatus(pod(false), null), null, () -> "x"));
        assertEquals(Optional.empty(), statuses.next(withStatus(pod(true), null), Fault.FAIL_JOBS, () -> "x"));
    }

    @Test
    void aBarePodThatNeverRestartsRunsToCompletionLikeAHelmTest() {
        Pod helmTest = new PodBuilder(pod(false)).editSpec().withRestartPolicy("Never").endSpec().build();

        assertEquals("Succeeded", statuses.next(helmTest, null, () -> "x").orElseThrow().getPhase());
    }

    @Test
    void underFailTestsOnlyHelmTestPodsFailAndJobsStillSucceed() {
        Pod helmTest = new PodBuilder(pod(false)).editMetadata().addToAnnotations("helm.sh/hook", "test").endMetadata()
                .editSpec().withRestartPolicy("Never").endSpec().build();

        PodStatus failed = statuses.next(helmTest, Fault.FAIL_TESTS, () -> "x").orElseThrow();
        assertEquals("Failed", failed.getPhase());
        assertEquals(1, terminated(failed).getExitCode());
        Pod testJobPod = new PodBuilder(pod(true)).editMetadata()
                .addToLabels("app.kubernetes.io/component", "test").endMetadata().build();
        assertEquals("Failed", statuses.next(testJobPod, Fault.FAIL_TESTS, () -> "x").orElseThrow().getPhase());
        assertEquals("Succeeded", statuses.next(pod(true), Fault.FAIL_TESTS, () -> "x").orElseThrow().getPhase());
        assertTrue(PodStatuses.isReady(withStatus(pod(false), Fault.FAIL_TESTS)), "long-running pods get ready");
    }

    private Pod withStatus(Pod pod, Fault fault) {
        return new PodBuilder(pod).withStatus(statuses.next(pod, fault, () -> "10.244.0.7").orElseThrow()).build();
    }

    private static ContainerStateTerminated terminated(PodStatus status) {
        return status.getContainerStatuses().get(0).getState().getTerminated();
    }

    private static Pod pod(boolean ownedByJob) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName("p").withNamespace("store-x").withUid("uid-1").endMetadata()
                .withNewSpec().withNodeName(SimNode.NAME).withRestartPolicy(ownedByJob ? "Never" : "Always")
                .addNewContainer().withName("main").withImage("nginx").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
        if (ownedByJob) {
            pod.editMetadata().addNewOwnerReference().withKind("Job").withName("setup").withUid("job-uid")
                    .withApiVersion("batch/v1").withController(true).endOwnerReference().endMetadata();
        }
        return pod.build();
    }
}
