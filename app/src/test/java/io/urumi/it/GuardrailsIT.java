package io.urumi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A store's whole life as a member sees it (create, reveal, restart, password reset, delete), on the real control
 * plane: each action is audited with its actor, and afterwards no password of the store or of its user appears in
 * any database table or any log line the platform wrote.
 */
class GuardrailsIT {
    private static final String STORE = "care-shop";
    private final LocalCluster cluster = LocalCluster.get();
    private final KubernetesClient kube = cluster.client();
    @TempDir
    static Path data;

    @Test
    void anOwnersActionsAreAuditedAndNoPasswordReachesTheDatabaseOrTheLogs() throws Exception {
        List<String> logLines = new ArrayList<>();
        AppenderBase<ILoggingEvent> capture = jsonLines(logLines);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);
        List<String> secrets = new ArrayList<>(List.of(TestPlatform.ADMIN_PASSWORD, "password-of-olive"));
        try (TestPlatform platform = TestPlatform.start(cluster, data)) {
            Api admin = platform.api();
            Api olive = admin.createUser("olive", "member");
            Api pat = admin.createUser("pat", "member");
            assertEquals(202, olive.createStore(STORE).status());
            olive.awaitState(STORE, "READY");
            secrets.addAll(storeSecretValues());
            String first = olive.postJson("/api/stores/" + STORE + "/credentials", "").json().path("adminPassword")
                    .asText();
            assertEquals(first, secretValue("admin-password"), "the reveal shows the Secret's password");

            assertEquals(404, pat.postJson("/api/stores/" + STORE + "/restart", "").status(), "not pat's store");
            assertEquals(202, olive.postJson("/api/stores/" + STORE + "/restart", "").status());
            olive.awaitLastOperation(STORE, "RESTART");
            assertEquals("READY", olive.state(STORE));
            assertTrue(kube.apps().deployments().inNamespace("store-" + STORE).list().getItems().stream()
                    .allMatch(d -> d.getSpec().getTemplate().getMetadata().getAnnotations()
                            .containsKey("urumi.io/restartedAt")), "every Deployment was restarted");

            int revision = olive.get("/api/stores/" + STORE).json().path("helmRevision").asInt();
            assertEquals(202, olive.postJson("/api/stores/" + STORE + "/reset-password", "").status());
            olive.awaitLastOperation(STORE, "RESET_PASSWORD");
            String second = olive.postJson("/api/stores/" + STORE + "/credentials", "").json().path("adminPassword")
                    .asText();
            secrets.add(second);
            assertNotEquals(first, second, "a new password");
            JsonNode store = olive.get("/api/stores/" + STORE).json();
            assertEquals("READY", store.path("state").asText());
            assertEquals(revision + 1, store.path("helmRevision").asInt(), "the setup hook ran again");
            assertTrue(olive.get("/api/stores/" + STORE + "/revisions").raw().body()
                    .contains("Reset admin password"));

            assertEquals(202, olive.delete("/api/stores/" + STORE).status());
            olive.awaitState(STORE, "DELETED");

            Set<String> actions = StreamSupport.stream(admin.get("/api/audit?actor=olive&target=" + STORE).json()
                            .path("entries").spliterator(), false)
                    .filter(e -> "success".equals(e.path("outcome").asText()))
                    .map(e -> e.path("action").asText()).collect(Collectors.toSet());
            assertEquals(Set.of("store.create", "store.reveal-credentials", "store.restart", "store.reset-password",
                    "store.delete"), actions);
            assertTrue(admin.get("/api/audit?actor=pat").raw().body().contains("\"action\":\"store.restart\""),
                    "pat's refused restart is audited too");
            assertTrue(admin.get("/api/audit?actor=olive").raw().body().contains("\"action\":\"login\""));
        } finally {
            root.detachAppender(capture);
        }

        String database = dumpDatabase(data.resolve("urumi"));
        String logs = String.join("\n", logLines);
        assertTrue(database.contains(STORE) && logs.contains(STORE), "the scans see the store's traces");
        assertTrue(secrets.size() >= 6, "the passwords looked for: " + secrets.size());
        for (String secret : secrets) {
            assertFalse(database.contains(secret), "a password is in the database");
            assertFalse(logs.contains(secret), "a password is in the logs");
            String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            assertFalse(database.contains(encoded) || logs.contains(encoded), "a base64 password leaked");
        }
    }

    private List<String> storeSecretValues() {
        Secret secret = kube.secrets().inNamespace("store-" + STORE).withName("store-credentials").get();
        return secret.getData().entrySet().stream().filter(e -> !e.getKey().equals("admin-user"))
                .map(e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)).toList();
    }

    private String secretValue(String key) {
        Secret secret = kube.secrets().inNamespace("store-" + STORE).withName("store-credentials").get();
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** Every row of every table, as H2's SCRIPT writes them out. */
    private static String dumpDatabase(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "urumi", "");
             ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
            return out.toString();
        }
    }

    /** Each log event as the JSON line the platform writes to stdout. */
    private static AppenderBase<ILoggingEvent> jsonLines(List<String> lines) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.start();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected synchronized void append(ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        appender.setContext(encoder.getContext());
        appender.start();
        return appender;
    }
}
