package io.urumi.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.StatusCommand;
import com.marcnuri.helm.UninstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.urumi.cluster.StoreNames;
import io.urumi.provision.ReleaseStatus;
import io.urumi.provision.StoreReleases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Installs, inspects and removes store releases with helm-java (Helm's own code, in process). */
public final class HelmStoreReleases implements StoreReleases {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path chartDir;
    private final Optional<Path> kubeconfig;
    private final String chartName;
    private final String chartVersion;
    private final HelmReleaseUnlocker unlocker;

    public HelmStoreReleases(Path chartDir, Optional<Path> kubeconfig, HelmReleaseUnlocker unlocker) {
        this.chartDir = chartDir;
        this.kubeconfig = kubeconfig;
        this.unlocker = unlocker;
        Map<?, ?> chart = readChartYaml(chartDir);
        this.chartName = String.valueOf(chart.get("name"));
        this.chartVersion = String.valueOf(chart.get("version"));
    }

    @Override
    public String chartVersion() {
        return chartVersion;
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
            InstallCommand command = new Helm(chartDir).install()
                    .withName(StoreNames.release(storeId))
                    .withNamespace(StoreNames.namespace(storeId))
                    .withValuesFile(valuesFile)
                    .withDescription("Install")
                    .waitReady()
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
    public ReleaseStatus upgrade(String storeId, Map<String, Object> values, Duration timeout, String description) {
        Path valuesFile = writeValues(values);
        try {
            UpgradeCommand command = new Helm(chartDir).upgrade()
                    .withName(StoreNames.release(storeId))
                    .withNamespace(StoreNames.namespace(storeId))
                    .withValuesFile(valuesFile)
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
    public void unlock(String storeId, int revision, String description) {
        unlocker.markFailed(storeId, revision, description);
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
        String version = chart != null && chart.startsWith(chartName + "-")
                ? chart.substring(chartName.length() + 1) : chart;
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

    private static Map<?, ?> readChartYaml(Path chartDir) {
        try {
            return YAML.readValue(chartDir.resolve("Chart.yaml").toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store chart at " + chartDir.toAbsolutePath(), e);
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
