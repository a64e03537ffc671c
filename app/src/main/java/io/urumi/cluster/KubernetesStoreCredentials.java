package io.urumi.cluster;

import io.urumi.store.StoreNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.urumi.error.PlatformException;
import io.urumi.store.StoreCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads a store's admin credentials from its Secret on demand; nothing is cached or logged. */
public final class KubernetesStoreCredentials implements StoreCredentials {
    private final KubernetesClient client;

    public KubernetesStoreCredentials(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Credentials> read(String storeId) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(StoreNames.namespace(storeId))
                    .withName(StoreNames.CREDENTIALS_SECRET).get();
        } catch (KubernetesClientException e) {
            // The exception text can name the request but never the secret's data; still, keep the message ours.
            throw new PlatformException(PlatformException.Kind.UNAVAILABLE, "cluster_unavailable", null,
                    "The cluster did not answer while reading the store's credentials; try again shortly.");
        }
        if (secret == null || !storeId.equals(labels(secret).get(StoreNames.STORE_LABEL))) {
            return Optional.empty();
        }
        String user = decode(secret, "admin-user");
        String password = decode(secret, "admin-password");
        return user == null || password == null ? Optional.empty() : Optional.of(new Credentials(user, password));
    }

    @Override
    public String adminUser(String storeId) {
        return StoreObjects.ADMIN_USER;
    }

    private static String decode(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        String encoded = data == null ? null : data.get(key);
        return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static Map<String, String> labels(Secret secret) {
        return secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
    }
}
