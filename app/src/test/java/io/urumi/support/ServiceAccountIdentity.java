package io.urumi.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

/**
 * Acts as a ServiceAccount of the local cluster: its token (from the Secret the 1.20 token controller creates) in a
 * kubeconfig with the cluster's server and CA, for a process or a fabric8 client.
 */
public final class ServiceAccountIdentity {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final String namespace;
    private final String name;
    private final Path kubeconfig;

    private ServiceAccountIdentity(String namespace, String name, Path kubeconfig) {
        this.namespace = namespace;
        this.name = name;
        this.kubeconfig = kubeconfig;
    }

    /** Waits for the ServiceAccount's token Secret and writes a kubeconfig for it under {@code dir}. */
    public static ServiceAccountIdentity of(LocalCluster cluster, String namespace, String name, Path dir) {
        KubernetesClient admin = cluster.client();
        String secretName = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    ServiceAccount sa = admin.serviceAccounts().inNamespace(namespace).withName(name).get();
                    return sa == null || sa.getSecrets() == null || sa.getSecrets().isEmpty()
                            ? null : sa.getSecrets().get(0).getName();
                }, java.util.Objects::nonNull);
        Secret secret = admin.secrets().inNamespace(namespace).withName(secretName).get();
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        try {
            ObjectNode config = (ObjectNode) YAML.readTree(cluster.kubeconfig().toFile());
            String user = "system:serviceaccount:" + namespace + ":" + name;
            ArrayNode users = config.putArray("users");
            users.addObject().put("name", user).putObject("user").put("token", token);
            for (var context : config.withArray("contexts")) {
                ((ObjectNode) context.get("context")).put("user", user);
            }
            Files.createDirectories(dir);
            Path file = dir.resolve(namespace + "-" + name + ".kubeconfig");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            YAML.writeValue(file.toFile(), config);
            return new ServiceAccountIdentity(namespace, name, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name the API server knows this identity by (and records in its audit log). */
    public String username() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    /** {@code namespace/name}, as the platform reads it from URUMI_SERVICE_ACCOUNT. */
    public String reference() {
        return namespace + "/" + name;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client with this identity; {@code userAgent} tells its requests apart in the audit log. */
    public KubernetesClient client(String userAgent) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setUserAgent(userAgent);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
