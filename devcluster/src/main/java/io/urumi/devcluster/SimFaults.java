package io.urumi.devcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the fault ConfigMap that the node simulator obeys, from any process.
 *
 * <p>Contract: ConfigMap {@value #NAME} in namespace {@value #NAMESPACE}; each data key is a
 * namespace name, each value a {@link Fault#value()}.
 */
public final class SimFaults {
    public static final String NAMESPACE = "default";
    public static final String NAME = "urumi-sim-faults";
    /** Namespaces cannot contain '_', and ConfigMap keys can. */
    private static final String CHART_SEPARATOR = "_";

    private final KubernetesClient client;

    public SimFaults(KubernetesClient client) {
        this.client = client;
    }

    /** Injects {@code fault} into every pod of {@code namespace} from now on. */
    public void set(String namespace, Fault fault) {
        Map<String, String> data = Map.of(namespace, fault.value());
        try {
            mergeData(data);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
            createOrMerge(data);
        }
    }

    /**
     * Injects {@code fault} only into pods of {@code namespace} rendered from one chart version (pod label
     * {@code helm.sh/chart}, e.g. {@code ecommerce-store-0.2.0}): an upgrade can fail while a rollback succeeds.
     * Cleared with {@code clear(namespace + "_" + chart)}.
     */
    public void setForChart(String namespace, String chart, Fault fault) {
        set(namespace + CHART_SEPARATOR + chart, fault);
    }

    /** The fault that applies to a pod: one aimed at its chart version first, else its namespace's. */
    static Fault faultFor(Map<String, Fault> all, io.fabric8.kubernetes.api.model.Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels();
        String chart = labels == null ? null : labels.get("helm.sh/chart");
        Fault forChart = chart == null ? null : all.get(namespace + CHART_SEPARATOR + chart);
        return forChart != null ? forChart : all.get(namespace);
    }

    /** The namespace a fault key is about (keys are a namespace, or a namespace and a chart). */
    static String namespaceOf(String key) {
        int separator = key.indexOf(CHART_SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }

    /** Lets the pods of {@code namespace} behave normally again; held pods proceed. */
    public void clear(String namespace) {
        Map<String, String> data = new HashMap<>();
        data.put(namespace, null); // null deletes the key in a JSON merge patch
        try {
            mergeData(data);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    public Optional<Fault> get(String namespace) {
        return Optional.ofNullable(all().get(namespace));
    }

    /** Every fault in force, read from the API server (not a cache), by namespace. */
    public Map<String, Fault> all() {
        ConfigMap cm = resource().get();
        return cm == null ? Map.of() : parse(cm);
    }

    static Map<String, Fault> parse(ConfigMap cm) {
        Map<String, String> data = cm.getData() == null ? Collections.emptyMap() : cm.getData();
        Map<String, Fault> faults = new HashMap<>();
        data.forEach((ns, value) -> Fault.parse(value).ifPresent(f -> faults.put(ns, f)));
        return faults;
    }

    // A merge patch touches only our key, so tests running in parallel never conflict.
    private void mergeData(Map<String, String> data) {
        String json = client.getKubernetesSerialization().asJson(Map.of("data", data));
        resource().patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private void createOrMerge(Map<String, String> data) {
        try {
            client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                    .withData(data)
                    .build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            mergeData(data); // another process created it first
        }
    }

    private Resource<ConfigMap> resource() {
        return client.configMaps().inNamespace(NAMESPACE).withName(NAME);
    }
}
