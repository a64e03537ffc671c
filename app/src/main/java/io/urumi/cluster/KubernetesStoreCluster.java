package io.urumi.cluster;

import io.urumi.store.StoreNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.urumi.provision.StoreCluster;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Creates and removes the objects around a store's release through fabric8; already-exists is success. */
public final class KubernetesStoreCluster implements StoreCluster {
    /** Who owns the guard-rail fields the platform applies (server-side apply). */
    private static final String FIELD_MANAGER = "urumi-platform";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesStoreCluster.class);
    private static final int LOG_TAIL_LINES = 5;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_LINES =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final KubernetesClient client;
    private final String ingressNamespace;
    private final Optional<InstallerAccess> installerAccess;

    public KubernetesStoreCluster(KubernetesClient client, String ingressNamespace,
                                  Optional<InstallerAccess> installerAccess) {
        this.client = client;
        this.ingressNamespace = ingressNamespace;
        this.installerAccess = installerAccess;
    }

    @Override
    public void ensureNamespace(String storeId) {
        Namespace wanted = StoreObjects.namespace(storeId);
        try {
            client.namespaces().resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            Namespace existing = client.namespaces().withName(wanted.getMetadata().getName()).get();
            if (existing == null || !storeId.equals(labels(existing).get(StoreNames.STORE_LABEL))) {
                throw new IllegalStateException("namespace " + wanted.getMetadata().getName()
                        + " already exists and is not managed by Urumi for this store; it was left untouched");
            }
            if (existing.getMetadata().getDeletionTimestamp() != null) {
                throw new IllegalStateException("namespace " + wanted.getMetadata().getName()
                        + " is still being deleted; retry once it is gone");
            }
        }
    }

    @Override
    public NamespaceState namespaceState(String storeId) {
        Namespace existing = client.namespaces().withName(StoreNames.namespace(storeId)).get();
        if (existing == null) {
            return NamespaceState.ABSENT;
        }
        if (!storeId.equals(labels(existing).get(StoreNames.STORE_LABEL))) {
            return NamespaceState.FOREIGN;
        }
        return existing.getMetadata().getDeletionTimestamp() == null ? NamespaceState.OWNED : NamespaceState.TERMINATING;
    }

    @Override
    public Optional<String> ensureInstallerAccess(String storeId) {
        if (installerAccess.isEmpty()) {
            return Optional.empty();
        }
        RoleBinding wanted = StoreObjects.installerAccess(storeId, installerAccess.get());
        try {
            client.resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // A binding's roleRef cannot change; one that grants something else is not ours to rewrite.
            RoleBinding existing = client.rbac().roleBindings().inNamespace(wanted.getMetadata().getNamespace())
                    .withName(wanted.getMetadata().getName()).get();
            if (existing == null || !grant(existing).equals(grant(wanted))) {
                throw new IllegalStateException("RoleBinding " + StoreNames.INSTALLER_BINDING + " in "
                        + wanted.getMetadata().getNamespace() + " exists but grants something else; left untouched");
            }
        }
        return Optional.of(installerAccess.get().clusterRole());
    }

    @Override
    public void ensureQuotaAndLimits(String storeId) {
        apply(StoreObjects.quota(storeId));
        apply(StoreObjects.limits(storeId));
    }

    @Override
    public void ensureNetworkPolicies(String storeId) {
        StoreObjects.networkPolicies(storeId, ingressNamespace).forEach(this::apply);
    }

    @Override
    public boolean ensureCredentials(String storeId) {
        try {
            client.resource(StoreObjects.credentials(storeId)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false; // keep the passwords the store already uses
            }
            throw e;
        }
    }

    @Override
    public int restartWorkloads(String storeId, java.time.Instant at) {
        String ns = StoreNames.namespace(storeId);
        // As kubectl rollout restart: a merge patch of one template annotation, so no read-modify-write races the
        // controllers writing the workloads' status (an edit is locked to the resourceVersion it read).
        String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\""
                + at + "\"}}}}}";
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        int count = 0;
        for (var d : client.apps().deployments().inNamespace(ns).withLabel(StoreNames.STORE_LABEL, storeId).list()
                .getItems()) {
            client.apps().deployments().inNamespace(ns).withName(d.getMetadata().getName()).patch(merge, patch);
            count++;
        }
        for (var s : client.apps().statefulSets().inNamespace(ns).withLabel(StoreNames.STORE_LABEL, storeId).list()
                .getItems()) {
            client.apps().statefulSets().inNamespace(ns).withName(s.getMetadata().getName()).patch(merge, patch);
            count++;
        }
        return count;
    }

    @Override
    public void rotateAdminPassword(String storeId) {
        // get + update (not patch): the installer role may update Secrets, and the resourceVersion makes it safe.
        var secret = client.secrets().inNamespace(StoreNames.namespace(storeId))
                .withName(StoreNames.CREDENTIALS_SECRET).get();
        if (secret == null || !storeId.equals(secret.getMetadata().getLabels() == null ? null
                : secret.getMetadata().getLabels().get(StoreNames.STORE_LABEL))) {
            throw new IllegalStateException("store " + storeId + " has no credentials Secret of its own; retry the "
                    + "store to recreate it");
        }
        secret.getData().put("admin-password", java.util.Base64.getEncoder().encodeToString(
                StoreObjects.adminPassword().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        client.resource(secret).update();
    }

    private static final String RESTARTED_AT = "urumi.io/restartedAt";

    /**
     * Ready on its newest template: the controller has seen the latest spec and every replica runs it and is ready.
     * Plain readiness is not enough after a restart, when the old pods are still ready for a moment.
     */
    static boolean rolledOut(HasMetadata workload) {
        if (workload instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
            var st = d.getStatus();
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            return st != null && st.getObservedGeneration() != null
                    && st.getObservedGeneration() >= d.getMetadata().getGeneration()
                    && want == orZero(st.getUpdatedReplicas()) && want == orZero(st.getAvailableReplicas())
                    && want == orZero(st.getReplicas());
        }
        if (workload instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
            var st = s.getStatus();
            int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            return st != null && st.getObservedGeneration() != null
                    && st.getObservedGeneration() >= s.getMetadata().getGeneration()
                    && Objects.equals(st.getUpdateRevision(), st.getCurrentRevision())
                    && want == orZero(st.getReadyReplicas());
        }
        throw new IllegalArgumentException("not a workload: " + workload.getKind());
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    public Optional<String> setupJobFailure(String storeId) {
        for (Job job : setupJobs(storeId)) {
            Optional<String> failed = conditions(job).stream()
                    .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                    .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                    .findFirst();
            if (failed.isPresent()) {
                return Optional.of(failed.get() + "; " + logTail(job));
            }
        }
        return Optional.empty();
    }

    /**
     * A structured (JSON) log line as its level and message: engines such as Medusa log one JSON object per line, with
     * a stack trace that would push the message itself out of the reason. Other lines stay as they are.
     */
    static String readable(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return line;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode json = JSON_LINES.readTree(trimmed);
            com.fasterxml.jackson.databind.JsonNode message = json.path("message");
            if (!message.isTextual()) {
                return line;
            }
            String level = json.path("level").asText("");
            return level.isEmpty() ? message.asText() : level + ": " + message.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return line;
        }
    }

    /**
     * The last lines of the Job's newest pod. The API server fetches them from the node's kubelet, so they can be
     * missing (pod gone, node down, or no kubelet at all as on the local control plane): that is said, not hidden.
     */
    private String logTail(Job job) {
        String namespace = job.getMetadata().getNamespace();
        try {
            Optional<String> pod = newestPod(job);
            if (pod.isEmpty()) {
                return "logs unavailable (the Job has no pod left)";
            }
            String log = client.pods().inNamespace(namespace).withName(pod.get()).tailingLines(LOG_TAIL_LINES)
                    .getLog();
            if (log == null || log.isBlank()) {
                return "its log is empty";
            }
            String tail = String.join(" | ", log.strip().lines().map(KubernetesStoreCluster::readable).toList());
            return "last log lines: " + (tail.length() > 600 ? "…" + tail.substring(tail.length() - 600) : tail);
        } catch (KubernetesClientException e) {
            String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : String.valueOf(e.getMessage());
            return "logs unavailable (" + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + ")";
        }
    }

    @Override
    public List<String> notReady(String storeId) {
        String namespace = StoreNames.namespace(storeId);
        List<String> waiting = new java.util.ArrayList<>();
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(d -> notReady(waiting,
                "Deployment " + d.getMetadata().getName(), d.getSpec().getReplicas(),
                d.getStatus() == null ? null : d.getStatus().getReadyReplicas()));
        client.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(s -> notReady(waiting,
                "StatefulSet " + s.getMetadata().getName(), s.getSpec().getReplicas(),
                s.getStatus() == null ? null : s.getStatus().getReadyReplicas()));
        return waiting;
    }

    /** Adds "Deployment x (0/1 ready)" to {@code waiting} when fewer replicas are ready than wanted (1 when unset). */
    private static void notReady(List<String> waiting, String workload, Integer replicas, Integer readyReplicas) {
        int want = replicas == null ? 1 : replicas;
        if (readyReplicas == null || readyReplicas < want) {
            waiting.add(workload + " (" + orZero(readyReplicas) + "/" + want + " ready)");
        }
    }

    @Override
    public boolean setupJobSucceeded(String storeId) {
        return setupJobs(storeId).stream().flatMap(job -> conditions(job).stream())
                .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void awaitWorkloadsReady(String storeId, Duration timeout) {
        String ns = StoreNames.namespace(storeId);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<HasMetadata> workloads = new java.util.ArrayList<>();
        workloads.addAll(client.apps().deployments().inNamespace(ns).withLabel(StoreNames.STORE_LABEL, storeId)
                .list().getItems());
        workloads.addAll(client.apps().statefulSets().inNamespace(ns).withLabel(StoreNames.STORE_LABEL, storeId)
                .list().getItems());
        // All workloads are watched at once: the wait ends when the slowest is ready, not after one wait per each.
        List<java.util.concurrent.CompletableFuture<?>> waits = workloads.stream()
                .<java.util.concurrent.CompletableFuture<?>>map(w -> client.resource(w).informOnCondition(found ->
                        !found.isEmpty() && rolledOut(found.get(0))))
                .toList();
        try {
            java.util.concurrent.CompletableFuture.allOf(waits.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                            TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // The reason names every workload still not ready, not just one.
            IllegalStateException named = new IllegalStateException("timed out after " + timeout.toSeconds()
                    + " s waiting for the store's workloads; never became ready: "
                    + String.join(", ", notReady(storeId)));
            named.addSuppressed(e);
            throw named;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store's workloads", e);
        } finally {
            waits.forEach(w -> w.cancel(true)); // closes the informers of waits that have not ended
        }
    }

    @Override
    public void deleteNamespace(String storeId, Duration timeout) {
        String name = StoreNames.namespace(storeId);
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null) {
            return;
        }
        if (!storeId.equals(labels(existing).get(StoreNames.STORE_LABEL))) {
            throw new IllegalStateException("namespace " + name + " is not labelled as this store's; not deleting it");
        }
        if (existing.getMetadata().getDeletionTimestamp() == null) {
            client.namespaces().withName(name).delete();
        }
        client.namespaces().withName(name).waitUntilCondition(Objects::isNull, timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** What a binding grants to whom, ignoring fields the API server defaults. */
    private static List<String> grant(RoleBinding binding) {
        List<String> grant = new java.util.ArrayList<>();
        grant.add(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName());
        binding.getSubjects().forEach(s -> grant.add(s.getKind() + ":" + s.getNamespace() + "/" + s.getName()));
        return grant;
    }

    @Override
    public Optional<String> setupJobFact(String storeId, String name) {
        String marker = "urumi-" + name + "=";
        for (Job job : setupJobs(storeId)) {
            Optional<String> pod = newestPod(job);
            if (pod.isEmpty()) {
                continue;
            }
            try {
                String log = client.pods().inNamespace(job.getMetadata().getNamespace()).withName(pod.get()).getLog();
                Optional<String> fact = log == null ? Optional.empty() : log.lines().map(String::strip)
                        .filter(l -> l.startsWith(marker)).map(l -> l.substring(marker.length()))
                        .filter(v -> !v.isEmpty()).reduce((first, last) -> last);
                if (fact.isPresent()) {
                    return fact;
                }
            } catch (KubernetesClientException e) {
                LOG.warn("could not read the setup job's log for {}: {}", name, e.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> setupJobRuntime(String storeId) {
        return setupJobs(storeId).stream().map(this::newestPodOf).flatMap(Optional::stream)
                .flatMap(pod -> pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? Stream.empty() : pod.getStatus().getContainerStatuses().stream())
                .map(ContainerStatus::getContainerID)
                .filter(id -> id != null && id.contains("://"))
                .map(id -> id.substring(0, id.indexOf("://")))
                .findFirst();
    }

    private Optional<String> newestPod(Job job) {
        return newestPodOf(job).map(p -> p.getMetadata().getName());
    }

    private Optional<Pod> newestPodOf(Job job) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName()).list().getItems().stream()
                .max(java.util.Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
    }

    private List<Job> setupJobs(String storeId) {
        return client.batch().v1().jobs().inNamespace(StoreNames.namespace(storeId))
                .withLabel(StoreNames.STORE_LABEL, storeId).withLabel("app.kubernetes.io/component", "setup")
                .list().getItems();
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null
                ? List.of() : job.getStatus().getConditions();
    }

    /**
     * Server-side apply: one request that creates or corrects the object, with no read-modify-write
     * to race. A replace could lose to the quota controller writing the quota's status in between
     * (a 409 that failed a store at step quota).
     */
    private void apply(HasMetadata object) {
        client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private static java.util.Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? java.util.Map.of() : object.getMetadata().getLabels();
    }
}
