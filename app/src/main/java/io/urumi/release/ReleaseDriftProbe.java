package io.urumi.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.cluster.StoreObjects;
import io.urumi.drift.ReleaseHealth;
import io.urumi.store.StoreNames;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks at one store's release in the cluster: its records (label-selected lists of Secrets in the store's
 * namespace, which the installer role already allows: the pending ones, empty on a healthy release, then the
 * deployed one) and, when a revision is deployed, one GET per object of its manifest and of the platform's guard
 * rails around it (quota, limits, network policies: a deleted deny-by-default policy un-isolates a store as surely as
 * a changed Deployment breaks it). No watch and nothing cluster-wide, so it costs the same whatever the number of
 * stores.
 */
public final class ReleaseDriftProbe implements ReleaseHealth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GONE = Set.of("uninstalled", "uninstalling");
    private final KubernetesClient client;
    private final HelmReleaseRecords records;
    private final String ingressNamespace;

    public ReleaseDriftProbe(KubernetesClient client, HelmReleaseRecords records, String ingressNamespace) {
        this.client = client;
        this.records = records;
        this.ingressNamespace = ingressNamespace;
    }

    @Override
    public Finding check(String storeId) {
        Optional<ObjectNode> pending = records.pending(storeId);
        if (pending.isPresent()) {
            JsonNode info = pending.get().path("info");
            return new Pending(pending.get().path("version").asInt(), info.path("status").asText(),
                    OffsetDateTime.parse(info.path("last_deployed").asText()).toInstant());
        }
        Optional<ObjectNode> deployed = records.deployed(storeId);
        if (deployed.isPresent()) {
            ObjectNode release = deployed.get();
            List<Map<String, Object>> objects = new ArrayList<>(
                    ManifestDrift.objects(release.path("manifest").asText("")));
            objects.addAll(guardRails(storeId));
            return new Deployed(release.path("version").asInt(),
                    ManifestDrift.compare(objects, ref -> live(storeId, ref)));
        }
        Optional<String> status = records.latestStatus(storeId);
        if (status.isEmpty()) {
            return new Gone("no Helm release record of " + StoreNames.release(storeId) + " is left in namespace "
                    + StoreNames.namespace(storeId) + " (someone ran helm uninstall, or deleted its Secrets)");
        }
        if (GONE.contains(status.get())) {
            return new Gone("Helm's newest record of " + StoreNames.release(storeId) + " says " + status.get()
                    + " (someone ran helm uninstall)");
        }
        return new Unsettled(status.get());
    }

    /** The guard rails as the platform applies them, in the manifest's form. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> guardRails(String storeId) {
        return StoreObjects.guardRails(storeId, ingressNamespace).stream()
                .map(o -> (Map<String, Object>) JSON.convertValue(o, Map.class)).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> live(String storeId, ManifestDrift.ObjectRef ref) {
        GenericKubernetesResource found = client.genericKubernetesResources(ref.apiVersion(), ref.kind())
                .inNamespace(StoreNames.namespace(storeId)).withName(ref.name()).get();
        return found == null ? null : JSON.convertValue(found, Map.class);
    }
}
