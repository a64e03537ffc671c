package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides what a kubelet would report next for a pod on the simulated node, given the fault in
 * force in its namespace. Pure: no API calls, so the rules are unit-tested directly.
 */
final class PodStatuses {
    static final String FAILURE_MESSAGE = "simulated setup failure";

    private final String now;

    PodStatuses(String now) {
        this.now = now;
    }

    /**
     * The status to write, or empty when the pod already shows what it should (or must wait).
     *
     * @param fault the fault in the pod's namespace, or null
     * @param newIp gives a pod IP when the pod has none yet
     */
    Optional<PodStatus> next(Pod pod, Fault fault, Supplier<String> newIp) {
        String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.empty(); // terminal: a real pod never leaves these phases
        }
        if (fault == Fault.HOLD) {
            return Optional.empty(); // frozen where it is; a pod never goes back to Pending
        }
        String ip = Optional.ofNullable(pod.getStatus()).map(PodStatus::getPodIP).orElseGet(newIp);
        if (runsToCompletion(pod)) {
            boolean fails = fault == Fault.FAIL_JOBS || fault == Fault.FAIL_TESTS && isHelmTest(pod);
            return Optional.of(completed(pod, ip, !fails));
        }
        boolean ready = fault != Fault.NEVER_READY;
        if ("Running".equals(phase) && isReady(pod) == ready) {
            return Optional.empty();
        }
        return Optional.of(running(pod, ip, ready));
    }

    /**
     * Job pods finish; so do bare pods that never restart (Helm test hooks), since waiting for
     * them to succeed is the only thing anyone does with them.
     */
    static boolean runsToCompletion(Pod pod) {
        boolean ownedByJob = pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "Job".equals(o.getKind()));
        boolean bare = pod.getMetadata().getOwnerReferences().isEmpty();
        return ownedByJob || (bare && "Never".equals(pod.getSpec().getRestartPolicy()));
    }

    /** A bare pod that is a Helm test hook, or a pod of the store chart's Helm test Job (component "test"). */
    static boolean isHelmTest(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        Map<String, String> labels = pod.getMetadata().getLabels();
        return annotations != null && List.of(String.valueOf(annotations.get("helm.sh/hook")).split(","))
                .contains("test") || labels != null && "test".equals(labels.get("app.kubernetes.io/component"));
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private PodStatus running(Pod pod, String ip, boolean ready) {
        String readyStatus = ready ? "True" : "False";
        String reason = ready ? null : "ContainersNotReady";
        ContainerState state = new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build();
        return base(pod, ip, "Running")
                .withConditions(
                        condition(pod, "Initialized", "True", null),
                        condition(pod, "Ready", readyStatus, reason),
                        condition(pod, "ContainersReady", readyStatus, reason),
                        condition(pod, "PodScheduled", "True", null))
                .withContainerStatuses(containers(pod, pod.getSpec().getContainers(), state, ready, true))
                .build();
    }

    private PodStatus completed(Pod pod, String ip, boolean success) {
        ContainerState state = new ContainerStateBuilder().withNewTerminated()
                .withExitCode(success ? 0 : 1)
                .withReason(success ? "Completed" : "Error")
                .withMessage(success ? null : FAILURE_MESSAGE)
                .withStartedAt(now).withFinishedAt(now)
                .endTerminated().build();
        return base(pod, ip, success ? "Succeeded" : "Failed")
                .withConditions(
                        condition(pod, "Initialized", "True", null),
                        condition(pod, "Ready", "False", "PodCompleted"),
                        condition(pod, "ContainersReady", "False", "PodCompleted"),
                        condition(pod, "PodScheduled", "True", null))
                .withContainerStatuses(containers(pod, pod.getSpec().getContainers(), state, false, false))
                .build();
    }

    private PodStatusBuilder base(Pod pod, String ip, String phase) {
        // Start from the existing status to keep what the API server set (qosClass, startTime).
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        ContainerState done = new ContainerStateBuilder().withNewTerminated()
                .withExitCode(0).withReason("Completed").withStartedAt(now).withFinishedAt(now)
                .endTerminated().build();
        return new PodStatusBuilder(current)
                .withPhase(phase)
                .withHostIP(SimNode.HOST_IP)
                .withPodIP(ip)
                .withPodIPs(new PodIP(ip))
                .withStartTime(Optional.ofNullable(current.getStartTime()).orElse(now))
                .withInitContainerStatuses(containers(pod, pod.getSpec().getInitContainers(), done, true, false));
    }

    private List<ContainerStatus> containers(Pod pod, List<Container> containers, ContainerState state,
            boolean ready, boolean started) {
        return containers.stream().map(c -> new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID("sim://" + c.getImage())
                .withContainerID("sim://" + pod.getMetadata().getUid() + "/" + c.getName())
                .withReady(ready)
                .withStarted(started)
                .withRestartCount(0)
                .withState(state)
                .build()).toList();
    }

    /** Keeps the old transition time when the condition's value does not change. */
    private PodCondition condition(Pod pod, String type, String status, String reason) {
        String since = Optional.ofNullable(pod.getStatus()).stream()
                .flatMap(s -> s.getConditions().stream())
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .findFirst().orElse(now);
        return new PodConditionBuilder()
                .withType(type).withStatus(status).withReason(reason).withLastTransitionTime(since)
                .build();
    }
}
