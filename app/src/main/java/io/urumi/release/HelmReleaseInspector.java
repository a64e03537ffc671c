package io.urumi.release;

import io.urumi.store.StoreValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.urumi.store.StoreNames;
import io.urumi.error.PlatformException;
import io.urumi.store.ReleaseInspector;
import io.urumi.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Diffs of values and manifests between revisions (from Helm's release records) and of a proposed upgrade
 * (rendered with the target chart, then checked by Helm's server-side dry run, which changes nothing).
 */
public final class HelmReleaseInspector implements ReleaseInspector {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final HelmReleaseRecords records;
    private final ChartCatalog catalog;
    private final StoreValues values;
    private final Optional<Path> kubeconfig;

    public HelmReleaseInspector(HelmReleaseRecords records, ChartCatalog catalog, StoreValues values,
                                Optional<Path> kubeconfig) {
        this.records = records;
        this.catalog = catalog;
        this.values = values;
        this.kubeconfig = kubeconfig;
    }

    @Override
    public ReleaseDiff diff(String storeId, int from, int to) {
        ObjectNode a = kept(storeId, from);
        ObjectNode b = kept(storeId, to);
        return new ReleaseDiff("revision " + from, "revision " + to,
                unified(yaml(HelmReleaseRecords.values(a)), yaml(HelmReleaseRecords.values(b)), from, to),
                unified(manifest(a), manifest(b), from, to));
    }

    @Override
    public ReleaseDiff previewUpgrade(Store store, String chartVersion) {
        Path chart = catalog.chart(chartVersion).orElseThrow(() -> PlatformException.notFound(
                "Chart version '" + chartVersion + "' is not available; available: "
                        + String.join(", ", catalog.versions()) + "."));
        ObjectNode current = kept(store.id(), store.helmRevision());
        Map<String, Object> target = values.forStore(store.id(), store.engine().value(), store.adminEmail());
        Path valuesFile = null;
        try {
            valuesFile = Files.createTempFile("urumi-preview-", ".yaml");
            YAML.writeValue(valuesFile.toFile(), target);
            TemplateCommand render = new Helm(chart).template().withName(StoreNames.release(store.id()))
                    .withNamespace(StoreNames.namespace(store.id())).withValuesFile(valuesFile);
            String manifest = render.call();
            UpgradeCommand dryRun = new Helm(chart).upgrade().withName(StoreNames.release(store.id()))
                    .withNamespace(StoreNames.namespace(store.id())).withValuesFile(valuesFile).resetValues()
                    .dryRun().withDryRunOption(DryRun.SERVER);
            kubeconfig.ifPresent(dryRun::withKubeConfig);
            dryRun.call();
            String from = "revision " + store.helmRevision() + " (chart " + store.chartVersion() + ")";
            return new ReleaseDiff(from, "chart " + chartVersion,
                    unified(yaml(HelmReleaseRecords.values(current)), yaml(target), from, "upgrade"),
                    unified(manifest(current), manifest, from, "upgrade"));
        } catch (IllegalStateException e) {
            throw new PlatformException(PlatformException.Kind.CONFLICT, "upgrade_would_fail", null,
                    "The server-side dry run refused this upgrade: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TerminationSignals.restore();
            if (valuesFile != null) {
                valuesFile.toFile().delete();
            }
        }
    }

    private ObjectNode kept(String storeId, int revision) {
        return records.read(storeId, revision).orElseThrow(() -> PlatformException.notFound(
                "Revision " + revision + " of store '" + storeId + "' is not kept by Helm."));
    }

    private static String manifest(ObjectNode release) {
        return release.path("manifest").asText("");
    }

    private static String yaml(Map<String, Object> map) {
        try {
            return YAML.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unified(String before, String after, Object fromLabel, Object toLabel) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(String.valueOf(fromLabel),
                String.valueOf(toLabel), a, DiffUtils.diff(a, b), 3));
    }
}
