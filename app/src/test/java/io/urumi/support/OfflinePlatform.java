package io.urumi.support;

import io.urumi.Platform;
import io.urumi.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole platform with its real database for the functional tier, pointed at a cluster address where nothing
 * listens: whatever got through to the cluster would show up as a store that failed at its first step.
 */
public final class OfflinePlatform {
    private OfflinePlatform() {
    }

    public static Platform start(Path dir) {
        return start(dir, Map.of());
    }

    /** The database of the platform started on {@code dir}, e.g. to record stores before it starts. */
    public static String jdbcUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db");
    }

    /** As {@link #start(Path)}, with some settings added or replaced. */
    public static Platform start(Path dir, Map<String, String> overrides) {
        Path kubeconfig = dir.resolve("kubeconfig");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                    users: [{name: nobody, user: {token: none}}]
                    contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]
                    current-context: nowhere
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "URUMI_PORT", "0",
                "URUMI_JDBC_URL", jdbcUrl(dir),
                "KUBECONFIG", kubeconfig.toString(),
                "URUMI_CHART_DIR", Repo.root().resolve("charts/ecommerce-store").toString(),
                // Every published version, as the platform image ships them, whatever the current one is.
                "URUMI_CHART_CATALOG_DIR", Repo.root().resolve("charts/catalog").toString(),
                // Unreachable on purpose: fail at the first attempt instead of retrying with backoff.
                "URUMI_MAX_ATTEMPTS", "1"));
        env.putAll(TestPlatform.generousGuardrails());
        env.putAll(overrides);
        return new Platform(Config.fromEnv(env)).start();
    }
}
