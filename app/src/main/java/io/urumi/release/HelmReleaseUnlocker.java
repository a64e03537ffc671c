package io.urumi.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.cluster.StoreNames;

/**
 * Frees a release that a crash left in pending-install or pending-upgrade: Helm has no lock of its own and refuses
 * to touch such a release ("another operation is in progress"). Like Flux's helm-controller, we mark that revision
 * failed, so the next upgrade can proceed. Only called while the platform holds the store's only active operation.
 */
public final class HelmReleaseUnlocker {
    private final KubernetesClient client;

    public HelmReleaseUnlocker(KubernetesClient client) {
        this.client = client;
    }

    public void markFailed(String storeId, int revision, String description) {
        String namespace = StoreNames.namespace(storeId);
        String name = "sh.helm.release.v1." + StoreNames.release(storeId) + ".v" + revision;
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new IllegalStateException("Helm release record " + name + " not found");
        }
        ObjectNode release = ReleaseRecordCodec.decode(secret.getData().get("release"));
        ObjectNode info = (ObjectNode) release.get("info");
        info.put("status", "failed");
        info.put("description", description);
        secret.getData().put("release", ReleaseRecordCodec.encode(release));
        secret.getMetadata().getLabels().put("status", "failed");
        client.secrets().inNamespace(namespace).resource(secret).update();
    }
}
