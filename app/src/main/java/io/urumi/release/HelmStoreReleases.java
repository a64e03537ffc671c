package io.urumi.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.StatusCommand;
import com.marcnuri.helm.UninstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.urumi.store.StoreNames;
import io.urumi.provision.ReleaseStatus;
import io.urumi.provision.StoreReleases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Installs, inspects and removes store releases with helm-java (Helm's own code, in process); runs their test hooks
 * with the platform's Kubernetes client ({@link HelmTestHooks}).
 */
public final class HelmStoreReleases implements StoreReleases {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final ChartCatalog catalog;
    private final Optional<Path> kubeconfig;
    private final HelmReleaseRecords records;
    private final HelmTestHooks testHooks;

    public HelmStoreReleases(ChartCatalog catalog, Optional<Path> kubeconfig, HelmReleaseRecords records,
                             HelmTestHooks testHooks) {
        this.catalog = catalog;
        this.kubeconfig = kubeconfig;
        this.records = records;
        this.testHooks = testHooks;
    }

    @Override
    public String chartVersion() {
        return catalog.current();
    }

    @Override
    public List<String> chartVersions() {
        return catalog.versions();
    }

    @Override
    public ReleaseStatus status(String storeId) {
        StatusCommand command = Helm.status(StoreNames.release(storeId)).withNamespace(StoreNames.namespace(storeId));
        kubeconfig.ifPresent(command::withKubeConfig);
        try {
            return toStatus(command.call());
        } catch (IllegalStateException e) {
            if (isNotFound(e)) {
                return ReleaseStatus.absent();
            }
            throw new HelmException("helm status", e);
        } finally {
            TerminationSignals.restore();
        }
    }

    @Override
    public ReleaseStatus install(String storeId, Map<String, Object> values, Duration timeout) {
        Path valuesFile = writeValues(values);
        try {
            InstallCommand command = new Helm(chart(catalog.current())).install()
                    .withName(StoreNames.release(storeId))
                    .withNamespace(StoreNames.namespace(storeId))
                    .withValuesFile(valuesFile)
                    .withDescription("Install")
                    // No waitReady: Helm's wait polls every 2 s and holds the setup hook back until the pods are
                    // ready. The hook waits for the web files and the database itself, so it runs alongside the pods'
                    // start, and the Provisioner then waits for the pods with watches.
                    .withTimeout((int) timeout.toSeconds());
            kubeconfig.ifPresent(command::withKubeConfig);
            return toStatus(command.call());
        } catch (IllegalStateException e) {
            throw new HelmException("helm install", e);
        } finally {
            TerminationSignals.restore();
            deleteQuietly(valuesFile);
        }
    }

    @Override
    public ReleaseStatus upgrade(String storeId, String chartVersion, Map<String, Object> values, Duration timeout,
                                 String description) {
        return upgrade(storeId, chart(chartVersion), values, timeout, description);
    }

    @Override
    public ReleaseStatus rollback(String storeId, int revision, Duration timeout) {
        return redeploy(storeId, revision, timeout, "Rollback to " + revision);
    }

    @Override
    public ReleaseStatus redeploy(String storeId, int revision, Duration timeout, String description) {
        ObjectNode record = records.read(storeId, revision).orElseThrow(() -> new IllegalStateException(
                "Helm no longer keeps revision " + revision + " of " + StoreNames.release(storeId)
                        + " (history is bounded); choose a more recent revision"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("urumi-rollback-");
            Path chart = HelmReleaseRecords.materialiseChart(record, dir.resolve("chart"));
            return upgrade(storeId, chart, HelmReleaseRecords.values(record), timeout, description);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private ReleaseStatus upgrade(String storeId, Path chart, Map<String, Object> values, Duration timeout,
                                  String description) {
        Path valuesFile = writeValues(values);
        try {
            UpgradeCommand command = new Helm(chart).upgrade()
                    .withName(StoreNames.release(storeId))
                    .withNamespace(StoreNames.namespace(storeId))
                    .withValuesFile(valuesFile)
                    .resetValues()
                    // Without it, objects a failed upgrade created outlive the rollback that follows: Helm diffs
                    // the rollback against the last deployed revision, which never had them.
                    .cleanupOnFail()
                    .withDescription(description)
                    .waitReady()
                    .withTimeout((int) timeout.toSeconds());
            kubeconfig.ifPresent(command::withKubeConfig);
            return toStatus(command.call());
        } catch (IllegalStateException e) {
            throw new HelmException("helm upgrade", e);
        } finally {
            TerminationSignals.restore();
            deleteQuietly(valuesFile);
        }
    }

    @Override
    public int pruneHistory(String storeId, int keep) {
        return records.prune(storeId, keep);
    }

    @Override
    public void unlock(String storeId, int revision, String description) {
        records.markFailed(storeId, revision, description);
    }

    @Override
    public List<String> test(String storeId, int revision, Duration timeout) {
        ObjectNode release = records.read(storeId, revision).orElseThrow(() -> new IllegalStateException(
                "Helm release record v" + revision + " of " + StoreNames.release(storeId) + " not found"));
        return testHooks.run(storeId, release, timeout);
    }

    @Override
    public void uninstall(String storeId, Duration timeout) {
        UninstallCommand command = Helm.uninstall(StoreNames.release(storeId))
                .withNamespace(StoreNames.namespace(storeId)).ignoreNotFound();
        kubeconfig.ifPresent(command::withKubeConfig);
        try {
            command.call();
        } catch (IllegalStateException e) {
            if (!isNotFound(e)) {
                throw new HelmException("helm uninstall", e);
            }
        } finally {
            TerminationSignals.restore();
        }
    }

    private ReleaseStatus toStatus(Release release) {
        String chart = release.getChart();
        String version = chart != null && chart.startsWith(catalog.chartName() + "-")
                ? chart.substring(catalog.chartName().length() + 1) : chart;
        return new ReleaseStatus(release.getStatus(), Integer.parseInt(release.getRevision().trim()), version,
                release.getAppVersion());
    }

    private static boolean isNotFound(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("not found");
    }

    /** Values go to Helm as a private temporary file; they never contain credentials. */
    private static Path writeValues(Map<String, Object> values) {
        try {
            Path file = Files.createTempFile("urumi-values-", ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            YAML.writeValue(file.toFile(), values);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Helm values", e);
        }
    }

    private Path chart(String version) {
        return catalog.chart(version).orElseThrow(() -> new IllegalArgumentException(
                "chart version " + version + " is not in the catalog " + catalog.versions()));
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(HelmStoreReleases::deleteQuietly);
        } catch (IOException ignored) {
            // a leftover temp chart holds no secret
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file holds no secret; nothing to do
        }
    }
}
