package io.urumi.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.urumi.store.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a release's test hooks as {@code helm test} does: in weight order, each hook's Job created afresh (its delete
 * policies honoured, before-hook-creation by default) and watched until it completes or fails. It uses the platform's
 * own Kubernetes client because helm-java's test builds a new Helm client on every call (API discovery, the release
 * decoded and written back): 0.4 CPU-seconds per store, a fifth of what a store cost to create (#10). Unlike
 * {@code helm test}, it leaves each hook's "last run" in the release record as it was; the platform records the
 * outcome as the store's release-test step instead.
 */
public final class HelmTestHooks {
    private static final String BEFORE_CREATION = "before-hook-creation";
    private final KubernetesClient client;

    public HelmTestHooks(KubernetesClient client) {
        this.client = client;
    }

    /** Runs every test hook of {@code release}; returns their names, or throws naming the first that failed. */
    public List<String> run(String storeId, ObjectNode release, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> passed = new ArrayList<>();
        for (JsonNode hook : testHooks(release)) {
            String name = hook.path("name").asText();
            if (!"Job".equals(hook.path("kind").asText())) {
                throw new IllegalStateException("test hook " + hook.path("kind").asText() + " " + name
                        + " is not a Job; the platform runs Job test hooks only");
            }
            Job job = client.getKubernetesSerialization().unmarshal(hook.path("manifest").asText(), Job.class);
            job.getMetadata().setNamespace(StoreNames.namespace(storeId));
            Set<String> policies = policies(hook);
            Resource<Job> resource = client.batch().v1().jobs().resource(job);
            if (policies.contains(BEFORE_CREATION)) {
                delete(resource, name, deadline);
            }
            resource.create();
            Optional<String> failure = awaitFinished(resource, name, deadline);
            if (policies.contains(failure.isEmpty() ? "hook-succeeded" : "hook-failed")) {
                delete(resource, name, deadline);
            }
            if (failure.isPresent()) {
                throw new IllegalStateException(failure.get());
            }
            passed.add(name);
        }
        return passed;
    }

    /** The release's hooks that run on "test", lightest weight first, then by name (Helm's order). */
    static List<JsonNode> testHooks(ObjectNode release) {
        List<JsonNode> hooks = new ArrayList<>();
        for (JsonNode hook : release.path("hooks")) {
            for (JsonNode event : hook.path("events")) {
                if ("test".equals(event.asText())) {
                    hooks.add(hook);
                    break;
                }
            }
        }
        hooks.sort(Comparator.<JsonNode>comparingInt(h -> h.path("weight").asInt())
                .thenComparing(h -> h.path("name").asText()));
        return hooks;
    }

    /** A hook's delete policies; Helm applies before-hook-creation when a hook names none. */
    static Set<String> policies(JsonNode hook) {
        Set<String> policies = new java.util.HashSet<>();
        hook.path("delete_policies").forEach(p -> policies.add(p.asText()));
        return policies.isEmpty() ? Set.of(BEFORE_CREATION) : policies;
    }

    /** Empty when the Job completed; otherwise why it did not. */
    private static Optional<String> awaitFinished(Resource<Job> resource, String name, long deadline) {
        Job job;
        try {
            job = resource.waitUntilCondition(j -> j == null || condition(j, "Complete") || condition(j, "Failed"),
                    remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            return Optional.of("test job " + name + " did not finish in time");
        }
        if (job == null) {
            return Optional.of("test job " + name + " was deleted while it ran");
        }
        if (condition(job, "Complete")) {
            return Optional.empty();
        }
        JobCondition failed = job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType()))
                .findFirst().orElseThrow();
        return Optional.of("test job " + name + " failed: " + failed.getReason()
                + (failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")"));
    }

    private static boolean condition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Deletes the Job (its pods go with it, in the background) and waits until the name is free again. */
    private static void delete(Resource<Job> resource, String name, long deadline) {
        resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        try {
            resource.waitUntilCondition(Objects::isNull, remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("the previous run's test job " + name + " is still being deleted", e);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
