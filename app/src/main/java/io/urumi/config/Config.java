package io.urumi.config;

import io.urumi.cluster.InstallerAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The platform's settings, read from environment variables with local defaults. */
public record Config(
        int port,
        String jdbcUrl,
        Optional<Path> kubeconfig,
        Path chartDir,
        Path chartCatalogDir,
        int helmHistoryMax,
        String baseDomain,
        String ingressClass,
        String ingressNamespace,
        String storageClass,
        Map<String, Object> storeDefaults,
        Duration provisioningTimeout,
        Duration namespaceDeleteTimeout,
        int workers,
        Duration shutdownGrace,
        int maxAttempts,
        Duration retryBackoff,
        OrphanPolicy orphanPolicy,
        Duration releaseCheckInterval,
        Optional<InstallerAccess> installerAccess,
        Guardrails guardrails,
        DatabaseLogin databaseLogin,
        Optional<LeaderElection> leaderElection) {

    /** Several replicas elect the one that runs the workers on a Lease in {@code namespace}. */
    public record LeaderElection(String namespace, String leaseName, Duration leaseDuration) {
    }

    /** Who the platform is in its database; the password never shows in toString (records print every field). */
    public record DatabaseLogin(String user, String password) {
        @Override
        public String toString() {
            return "DatabaseLogin[user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    /** What to do with a namespace labelled as a store's that no store owns. */
    public enum OrphanPolicy { REPORT, DELETE }

    public static Config fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        return new Config(
                s.integer("URUMI_PORT", 8080, 0, 65535),
                s.string("URUMI_JDBC_URL", "jdbc:h2:file:./data/urumi;AUTO_SERVER=FALSE"),
                Optional.ofNullable(s.raw("KUBECONFIG")).filter(v -> !v.isBlank()).map(Path::of),
                Path.of(s.string("URUMI_CHART_DIR", "charts/ecommerce-store")),
                Path.of(s.string("URUMI_CHART_CATALOG_DIR", "charts/catalog")),
                s.integer("URUMI_HELM_HISTORY_MAX", 10, 2, 100),
                s.string("URUMI_BASE_DOMAIN", "127.0.0.1.nip.io"),
                s.string("URUMI_INGRESS_CLASS", "nginx"),
                s.string("URUMI_INGRESS_NAMESPACE", "ingress-nginx"),
                s.string("URUMI_STORAGE_CLASS", ""),
                s.jsonObject("URUMI_STORE_VALUES"),
                Duration.ofSeconds(s.integer("URUMI_PROVISIONING_TIMEOUT_SECONDS", 600, 30, 7200)),
                Duration.ofSeconds(s.integer("URUMI_NAMESPACE_DELETE_TIMEOUT_SECONDS", 300, 10, 3600)),
                s.integer("URUMI_WORKERS", 4, 1, 64),
                Duration.ofSeconds(s.integer("URUMI_SHUTDOWN_GRACE_SECONDS", 8, 0, 600)),
                s.integer("URUMI_MAX_ATTEMPTS", 4, 1, 20),
                Duration.ofSeconds(s.integer("URUMI_RETRY_BACKOFF_SECONDS", 5, 1, 600)),
                s.choice("URUMI_ORPHAN_POLICY", OrphanPolicy.REPORT, OrphanPolicy.class),
                Duration.ofSeconds(s.integer("URUMI_RELEASE_CHECK_INTERVAL_SECONDS", 600, 1, 86_400)),
                installerAccess(s),
                guardrails(s),
                new DatabaseLogin(s.string("URUMI_DB_USER", "urumi"), s.string("URUMI_DB_PASSWORD", "")),
                leaderElection(s));
    }

    /** On when a namespace for the Lease is given (the platform chart gives its own); off for one replica. */
    private static Optional<LeaderElection> leaderElection(Settings s) {
        String namespace = s.string("URUMI_LEADER_ELECTION_NAMESPACE", "");
        if (namespace.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeaderElection(namespace, s.string("URUMI_LEADER_LEASE_NAME", "urumi-leader"),
                Duration.ofSeconds(s.integer("URUMI_LEADER_LEASE_SECONDS", 15, 3, 300))));
    }

    /** Who may do how much: sign-in, sessions, rate limits, quotas. */
    public record Guardrails(
            Optional<String> adminPassword,
            Duration sessionIdleTimeout,
            Duration sessionAbsoluteTimeout,
            List<String> trustedProxies,
            int requestsPerMinute,
            int createsPerMinute,
            int signInsPerMinute,
            int maxStores,
            int maxStoresPerUser) {

        /** The record's own toString would print the admin password into any log line that prints the config. */
        @Override
        public String toString() {
            return "Guardrails[adminPassword=" + (adminPassword.isPresent() ? "(set)" : "(generate)")
                    + ", sessionIdleTimeout=" + sessionIdleTimeout + ", sessionAbsoluteTimeout="
                    + sessionAbsoluteTimeout + ", trustedProxies=" + trustedProxies + ", requestsPerMinute="
                    + requestsPerMinute + ", createsPerMinute=" + createsPerMinute + ", signInsPerMinute="
                    + signInsPerMinute + ", maxStores=" + maxStores + ", maxStoresPerUser=" + maxStoresPerUser + "]";
        }
    }

    private static Guardrails guardrails(Settings s) {
        String password = s.raw("URUMI_ADMIN_PASSWORD");
        return new Guardrails(
                Optional.ofNullable(password).filter(p -> !p.isEmpty()),
                Duration.ofMinutes(s.integer("URUMI_SESSION_IDLE_MINUTES", 30, 1, 24 * 60)),
                Duration.ofHours(s.integer("URUMI_SESSION_MAX_HOURS", 12, 1, 24 * 30)),
                java.util.Arrays.stream(s.string("URUMI_TRUSTED_PROXIES", "").split(","))
                        .map(String::trim).filter(p -> !p.isEmpty()).toList(),
                s.integer("URUMI_RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000),
                s.integer("URUMI_CREATE_RATE_LIMIT_PER_MINUTE", 10, 1, 1_000_000),
                s.integer("URUMI_SIGN_IN_RATE_LIMIT_PER_MINUTE", 5, 1, 1_000_000),
                s.integer("URUMI_MAX_STORES", 500, 1, 1_000_000),
                s.integer("URUMI_MAX_STORES_PER_USER", 10, 1, 1_000_000));
    }
    /**
     * Set in a cluster (the platform chart does): the platform binds its own ServiceAccount to this ClusterRole in
     * each store namespace it creates. Empty when the platform runs with a kubeconfig that may already do everything.
     */
    private static Optional<InstallerAccess> installerAccess(Settings s) {
        String role = s.string("URUMI_INSTALLER_CLUSTERROLE", "");
        if (role.isEmpty()) {
            return Optional.empty();
        }
        String account = s.string("URUMI_SERVICE_ACCOUNT", "");
        try {
            return Optional.of(InstallerAccess.of(role, account));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URUMI_SERVICE_ACCOUNT must be 'namespace/name' of the platform's "
                    + "ServiceAccount when URUMI_INSTALLER_CLUSTERROLE is set, got '" + account + "'", e);
        }
    }

    public Config withPort(int newPort) {
        return new Config(newPort, jdbcUrl, kubeconfig, chartDir, chartCatalogDir, helmHistoryMax, baseDomain,
                ingressClass, ingressNamespace, storageClass, storeDefaults, provisioningTimeout, namespaceDeleteTimeout,
                workers,
                shutdownGrace, maxAttempts, retryBackoff, orphanPolicy, releaseCheckInterval, installerAccess,
                guardrails, databaseLogin, leaderElection);
    }

    /** Reads typed values and names the variable when one is malformed, so start-up fails clearly. */
    private record Settings(Map<String, String> env) {
        String raw(String name) {
            return env.get(name);
        }

        String string(String name, String fallback) {
            String v = env.get(name);
            return v == null ? fallback : v.trim();
        }

        <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, v.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT)
                        + ", got '" + v + "'");
            }
        }

        /** A JSON object (empty when unset); malformed JSON or another JSON type fails start-up naming the variable. */
        Map<String, Object> jsonObject(String name) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                return Map.of();
            }
            try {
                return Map.copyOf(new com.fasterxml.jackson.databind.ObjectMapper().readValue(v,
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(name + " must be a JSON object of Helm values, e.g. "
                        + "{\"medusa\":{\"server\":{\"image\":{\"repository\":\"registry.example/medusa\"}}}}: "
                        + e.getOriginalMessage());
            }
        }

        int integer(String name, int fallback, int min, int max) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(v.trim());
                if (parsed < min || parsed > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
            }
        }
    }
}
