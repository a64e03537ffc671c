package io.urumi.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.store.StoreNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helm's release records (one Secret per revision, written by Helm's Secret storage driver), read and repaired
 * directly: helm-java has no rollback, no history limit on upgrade, and no way to unlock a release left pending.
 */
public final class HelmReleaseRecords {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;

    public HelmReleaseRecords(KubernetesClient client) {
        this.client = client;
    }

    /** The release JSON of one revision, if Helm still keeps it. */
    public Optional<ObjectNode> read(String storeId, int revision) {
        return Optional.ofNullable(secret(storeId, revision)).map(HelmReleaseRecords::decode);
    }

    /**
     * The release JSON of the deployed revision, if one is deployed: one list of the release's records selected by
     * Helm's own labels, which normally finds exactly one Secret.
     */
    public Optional<ObjectNode> deployed(String storeId) {
        return newest(storeId, "deployed").map(HelmReleaseRecords::decode);
    }

    /** The status label of the newest record ("deployed", "uninstalling", ...), or empty when Helm keeps none. */
    public Optional<String> latestStatus(String storeId) {
        return newest(storeId).map(secret -> secret.getMetadata().getLabels().getOrDefault("status", "unknown"));
    }

    /**
     * The newest record left pending-install, -upgrade or -rollback, if any (one label-selected list, empty on a
     * healthy release): its revision, status and when Helm began it.
     */
    public Optional<ObjectNode> pending(String storeId) {
        return newest(storeId, "pending-install", "pending-upgrade", "pending-rollback")
                .map(HelmReleaseRecords::decode);
    }

    /** The newest of the release's records whose status is one of {@code statuses} (any status when none given). */
    private Optional<Secret> newest(String storeId, String... statuses) {
        return records(storeId, statuses).stream().max(Comparator.comparingInt(HelmReleaseRecords::version));
    }

    /** The release's records, selected by Helm's own labels; only those of {@code statuses} when any are given. */
    private List<Secret> records(String storeId, String... statuses) {
        var selected = client.secrets().inNamespace(StoreNames.namespace(storeId))
                .withLabel("owner", "helm").withLabel("name", StoreNames.release(storeId));
        return (statuses.length == 0 ? selected : selected.withLabelIn("status", statuses)).list().getItems();
    }

    private static ObjectNode decode(Secret record) {
        return ReleaseRecordCodec.decode(record.getData().get("release"));
    }

    /**
     * Marks a revision left pending-install or pending-upgrade by a crash as failed, as Flux's helm-controller does,
     * so that Helm accepts the next operation. Only called while the store's single active operation is ours.
     */
    public void markFailed(String storeId, int revision, String description) {
        Secret secret = secret(storeId, revision);
        if (secret == null) {
            throw new IllegalStateException("Helm release record v" + revision + " of " + StoreNames.release(storeId)
                    + " not found");
        }
        ObjectNode release = decode(secret);
        ObjectNode info = (ObjectNode) release.get("info");
        info.put("status", "failed");
        info.put("description", description);
        secret.getData().put("release", ReleaseRecordCodec.encode(release));
        secret.getMetadata().getLabels().put("status", "failed");
        client.secrets().inNamespace(StoreNames.namespace(storeId)).resource(secret).update();
    }

    /** The user-supplied values of a revision (Helm's {@code config}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> values(ObjectNode release) {
        return release.has("config") && release.get("config").isObject()
                ? JSON.convertValue(release.get("config"), Map.class) : Map.of();
    }

    /**
     * Writes the revision's exact chart (metadata, default values, schema, templates, files) into {@code dir}, so it
     * can be installed again even when the platform no longer ships that version.
     */
    public static Path materialiseChart(ObjectNode release, Path dir) {
        ObjectNode chart = (ObjectNode) release.get("chart");
        try {
            Files.createDirectories(dir);
            YAML.writeValue(dir.resolve("Chart.yaml").toFile(), chart.get("metadata"));
            YAML.writeValue(dir.resolve("values.yaml").toFile(),
                    chart.hasNonNull("values") ? chart.get("values") : JSON.createObjectNode());
            if (chart.hasNonNull("schema")) {
                Files.write(dir.resolve("values.schema.json"), Base64.getDecoder().decode(chart.get("schema").asText()));
            }
            for (String group : List.of("templates", "files")) {
                if (chart.hasNonNull(group)) {
                    for (var file : chart.get(group)) {
                        Path target = dir.resolve(file.get("name").asText()).normalize();
                        if (!target.startsWith(dir)) {
                            throw new IllegalStateException("chart file outside the chart: " + file.get("name"));
                        }
                        Files.createDirectories(target.getParent());
                        Files.write(target, Base64.getDecoder().decode(file.get("data").asText()));
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart of the release record", e);
        }
    }

    /** Deletes the oldest revisions beyond {@code keep}, never the deployed one (Helm's --history-max). */
    public int prune(String storeId, int keep) {
        List<Secret> records = records(storeId).stream()
                .sorted(Comparator.comparingInt(HelmReleaseRecords::version).reversed()).toList();
        int deleted = 0;
        for (Secret old : records.subList(Math.min(keep, records.size()), records.size())) {
            if (!"deployed".equals(old.getMetadata().getLabels().get("status"))) {
                client.secrets().inNamespace(old.getMetadata().getNamespace()).withName(old.getMetadata().getName())
                        .delete();
                deleted++;
            }
        }
        return deleted;
    }

    private Secret secret(String storeId, int revision) {
        return client.secrets().inNamespace(StoreNames.namespace(storeId))
                .withName("sh.helm.release.v1." + StoreNames.release(storeId) + ".v" + revision).get();
    }

    private static int version(Secret secret) {
        return Integer.parseInt(secret.getMetadata().getLabels().getOrDefault("version", "0"));
    }
}
