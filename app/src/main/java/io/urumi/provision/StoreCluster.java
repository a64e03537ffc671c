package io.urumi.provision;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Kubernetes objects around a store's release, as the provisioner needs them. Every call is idempotent. */
public interface StoreCluster {
    /** Whether store-&lt;id&gt; exists, and whether it is this store's (labelled urumi.io/store=&lt;id&gt;). */
    enum NamespaceState { ABSENT, OWNED, TERMINATING, FOREIGN }

    NamespaceState namespaceState(String storeId);

    /** Creates namespace store-&lt;id&gt;; refuses a namespace of that name that the platform does not manage. */
    void ensureNamespace(String storeId);

    /**
     * Binds the platform's ServiceAccount to the installer ClusterRole in the store's namespace, before anything else
     * is created there. Returns the ClusterRole bound, or empty when none is configured (the platform then acts with
     * its own permissions, as with an admin kubeconfig).
     */
    Optional<String> ensureInstallerAccess(String storeId);

    void ensureQuotaAndLimits(String storeId);

    void ensureNetworkPolicies(String storeId);

    /** Creates the credentials Secret with fresh random passwords unless it exists; returns true if created. */
    boolean ensureCredentials(String storeId);

    /**
     * Why the store's setup Job failed (condition reason and message), if it did, with the last lines of its log or
     * why they are unavailable.
     */
    Optional<String> setupJobFailure(String storeId);

    /** The store's Deployments and StatefulSets with fewer ready replicas than wanted, e.g. "Deployment x (0/1 ready)". */
    List<String> notReady(String storeId);

    /** True once the setup Job has completed successfully. */
    boolean setupJobSucceeded(String storeId);

    /**
     * A fact the setup Job printed as a line {@code urumi-<name>=<value>} (for example a Medusa store's publishable
     * key), read from its newest pod's log; empty when it printed none or its log cannot be read.
     */
    Optional<String> setupJobFact(String storeId, String name);

    /**
     * The container runtime the setup Job's newest pod ran in, from its container ID ({@code containerd},
     * {@code cri-o}, {@code docker}; {@code sim} on the development node simulator, where no container runs).
     */
    Optional<String> setupJobRuntime(String storeId);

    /**
     * Restarts the store's pods the way {@code kubectl rollout restart} does: a new pod-template annotation on every
     * Deployment and StatefulSet of the store, so their controllers replace the pods. Returns how many workloads.
     */
    int restartWorkloads(String storeId, java.time.Instant at);

    /** Puts a new random admin password into the store's credentials Secret (the other keys stay as they are). */
    void rotateAdminPassword(String storeId);

    /**
     * Waits, with watches, until every Deployment and StatefulSet of the store is ready; fails on timeout. Reacts the
     * moment the last pod is ready, where Helm's own wait polls every 2 s.
     */
    void awaitWorkloadsReady(String storeId, Duration timeout);

    /** Deletes the namespace (and with it everything in it) and waits until it is gone. */
    void deleteNamespace(String storeId, Duration timeout);
}
