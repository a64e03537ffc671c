package io.urumi.cluster;

import io.urumi.store.StoreNames;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.urumi.provision.StoreNamespaces;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Watches the namespaces labelled as Urumi's (one watch, no polling) and reports which store ids they hold. */
public final class StoreNamespaceWatch implements StoreNamespaces {
    private final KubernetesClient client;
    private SharedIndexInformer<Namespace> informer;

    public StoreNamespaceWatch(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void start(Consumer<String> onGone) {
        informer = client.namespaces().withLabel(StoreNames.MANAGED_BY_LABEL, StoreNames.MANAGED_BY)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Namespace ns) {
                    }

                    @Override
                    public void onUpdate(Namespace before, Namespace after) {
                    }

                    @Override
                    public void onDelete(Namespace ns, boolean finalStateUnknown) {
                        String store = storeOf(ns);
                        if (store != null) {
                            onGone.accept(store);
                        }
                    }
                }, 0);
    }

    @Override
    public boolean synced() {
        SharedIndexInformer<Namespace> current = informer;
        return current != null && current.hasSynced();
    }

    @Override
    public Set<String> present() {
        SharedIndexInformer<Namespace> current = informer;
        if (current == null) {
            return Set.of();
        }
        return current.getStore().list().stream().map(StoreNamespaceWatch::storeOf)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    @Override
    public void delete(String storeId) {
        client.namespaces().withName(StoreNames.namespace(storeId)).delete();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }

    private static String storeOf(Namespace ns) {
        return ns.getMetadata().getLabels() == null ? null : ns.getMetadata().getLabels().get(StoreNames.STORE_LABEL);
    }
}
