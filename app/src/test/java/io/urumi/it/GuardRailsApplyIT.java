package io.urumi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.urumi.cluster.KubernetesStoreCluster;
import io.urumi.store.StoreNames;
import io.urumi.support.LocalCluster;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard rails around a release (quota, limits, network policies) are re-applied on every attempt; a retry must
 * put back what someone changed and must not trip over the quota controller writing the quota's status meanwhile.
 */
class GuardRailsApplyIT {
    private static final String STORE = "rails";
    private final KubernetesClient kube = LocalCluster.get().client();
    private final KubernetesStoreCluster stores = new KubernetesStoreCluster(kube, "ingress-nginx", Optional.empty());
    private final String ns = StoreNames.namespace(STORE);

    @AfterEach
    void removeNamespace() {
        stores.deleteNamespace(STORE, Duration.ofSeconds(60));
    }

    @Test
    void reapplyingRestoresChangedGuardRailsAndNeverConflictsWithTheQuotaController() {
        stores.ensureNamespace(STORE);
        // Applied again and again while the quota controller fills in the new quota's status: each attempt is one
        // request with no resourceVersion, so none of them can lose a race (a replace did, with a 409).
        for (int attempt = 0; attempt < 20; attempt++) {
            stores.ensureQuotaAndLimits(STORE);
            stores.ensureNetworkPolicies(STORE);
        }
        ResourceQuota quota = kube.resourceQuotas().inNamespace(ns).withName("store-quota").get();
        assertEquals(new Quantity("10"), quota.getSpec().getHard().get("pods"));
        assertTrue(quota.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager)
                .anyMatch("urumi-platform"::equals), "the platform owns the fields it applies");

        // Someone loosens the quota, adds a label of their own and opens the default-deny policy.
        // (A merge patch: an edit, read-modify-write, races the quota controller as the old replace did.)
        kube.resourceQuotas().inNamespace(ns).withName("store-quota").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"team\":\"ops\"}},\"spec\":{\"hard\":{\"pods\":\"500\"}}}");
        kube.network().v1().networkPolicies().inNamespace(ns).withName("default-deny").edit(p ->
                new NetworkPolicyBuilder(p).editSpec().withPolicyTypes("Egress").endSpec().build());

        stores.ensureQuotaAndLimits(STORE);
        stores.ensureNetworkPolicies(STORE);

        quota = kube.resourceQuotas().inNamespace(ns).withName("store-quota").get();
        assertEquals(new Quantity("10"), quota.getSpec().getHard().get("pods"), "the platform's limit is back");
        assertEquals("ops", quota.getMetadata().getLabels().get("team"), "a field the platform never set is kept");
        assertEquals(STORE, quota.getMetadata().getLabels().get(StoreNames.STORE_LABEL));
        assertEquals(java.util.List.of("Ingress", "Egress"), kube.network().v1().networkPolicies().inNamespace(ns)
                .withName("default-deny").get().getSpec().getPolicyTypes());
    }
}
