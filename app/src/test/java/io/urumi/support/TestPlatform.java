package io.urumi.support;

import io.urumi.Platform;
import io.urumi.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds the platform's configuration for tests and runs the platform in this JVM. */
public final class TestPlatform implements AutoCloseable {
    /** Every test platform's first administrator ("admin") gets this password. */
    public static final String ADMIN_PASSWORD = "test-admin-password";
    private final Platform platform;
    private final Api api;

    private TestPlatform(Config config) {
        this.platform = new Platform(config).start();
        this.api = Api.admin(platform.port());
    }

    /** The platform on a fresh H2 file under {@code dataDir}, talking to the local cluster. */
    public static TestPlatform start(LocalCluster cluster, Path dataDir) {
        return start(cluster, dataDir, Map.of());
    }

    /** As {@link #start(LocalCluster, Path)}, with some settings replaced. */
    public static TestPlatform start(LocalCluster cluster, Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = env(cluster, dataDir, 0);
        env.putAll(overrides);
        return new TestPlatform(Config.fromEnv(env));
    }

    /** Environment variables that configure a platform for tests; a child process can be given the same. */
    public static Map<String, String> env(LocalCluster cluster, Path dataDir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("URUMI_PORT", String.valueOf(port));
        env.put("URUMI_JDBC_URL", "jdbc:h2:file:" + dataDir.resolve("urumi").toAbsolutePath());
        env.put("KUBECONFIG", cluster.kubeconfig().toString());
        env.put("URUMI_CHART_DIR", cluster.repo().resolve("charts/ecommerce-store").toString());
        env.put("URUMI_CHART_CATALOG_DIR", cluster.repo().resolve("charts/catalog").toString());
        env.put("URUMI_PROVISIONING_TIMEOUT_SECONDS", "120");
        env.put("URUMI_NAMESPACE_DELETE_TIMEOUT_SECONDS", "60");
        env.put("URUMI_WORKERS", "4");
        env.putAll(generousGuardrails());
        return env;
    }

    /**
     * The admin password, and limits far above what any test does at once; the tests of the guardrails themselves
     * set tight ones.
     */
    public static Map<String, String> generousGuardrails() {
        return Map.of("URUMI_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "URUMI_RATE_LIMIT_PER_MINUTE", "1000000",
                "URUMI_CREATE_RATE_LIMIT_PER_MINUTE", "1000000",
                "URUMI_SIGN_IN_RATE_LIMIT_PER_MINUTE", "10000",
                "URUMI_MAX_STORES_PER_USER", "10000");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return platform.port();
    }

    public Api api() {
        return api;
    }

    @Override
    public void close() {
        platform.close();
    }
}
