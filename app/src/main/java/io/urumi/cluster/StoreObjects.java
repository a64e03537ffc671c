package io.urumi.cluster;

import io.urumi.store.StoreNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of each object the platform creates around a store's release, one small function each. */
public final class StoreObjects {
    /** The admin user name every store's Secret holds (WordPress signs in with it; Medusa with the email). */
    public static final String ADMIN_USER = "admin";
    private static final char[] PASSWORD_ALPHABET =
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private StoreObjects() {
    }

    public static Namespace namespace(String storeId) {
        Map<String, String> labels = new LinkedHashMap<>(StoreNames.labels(storeId));
        // Inert on Kubernetes 1.20; enforced by Pod Security admission from 1.23 on.
        labels.put("pod-security.kubernetes.io/enforce", "restricted");
        labels.put("pod-security.kubernetes.io/warn", "restricted");
        labels.put("pod-security.kubernetes.io/audit", "restricted");
        return new NamespaceBuilder().withNewMetadata().withName(StoreNames.namespace(storeId))
                .withLabels(labels).endMetadata().build();
    }

    /**
     * Binds the platform's ServiceAccount to the installer ClusterRole inside this store's namespace only, so the
     * platform holds the rights Helm needs for a store's objects nowhere else.
     */
    public static RoleBinding installerAccess(String storeId, InstallerAccess access) {
        return new RoleBindingBuilder()
                .withNewMetadata().withName(StoreNames.INSTALLER_BINDING).withNamespace(StoreNames.namespace(storeId))
                .withLabels(StoreNames.labels(storeId)).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(access.clusterRole()).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withNamespace(access.serviceAccountNamespace())
                .withName(access.serviceAccountName()).endSubject()
                .build();
    }

    /** Caps what one store may use; secrets leave room for Helm's bounded revision history. */
    public static ResourceQuota quota(String storeId) {
        return new ResourceQuotaBuilder()
                .withNewMetadata().withName("store-quota").withNamespace(StoreNames.namespace(storeId))
                .withLabels(StoreNames.labels(storeId)).endMetadata()
                .withNewSpec().withHard(quantities(
                        "requests.cpu", "2", "requests.memory", "4Gi",
                        "limits.cpu", "4", "limits.memory", "8Gi",
                        "requests.storage", "20Gi", "persistentvolumeclaims", "4",
                        "pods", "10", "services", "10", "secrets", "30", "configmaps", "20",
                        "count/jobs.batch", "5", "count/ingresses.networking.k8s.io", "5"))
                .endSpec().build();
    }

    /** Defaults for containers that name no resources, so the quota never blocks them silently. */
    public static LimitRange limits(String storeId) {
        return new LimitRangeBuilder()
                .withNewMetadata().withName("store-limits").withNamespace(StoreNames.namespace(storeId))
                .withLabels(StoreNames.labels(storeId)).endMetadata()
                .withNewSpec().addNewLimit().withType("Container")
                .withDefault(quantities("cpu", "500m", "memory", "512Mi"))
                .withDefaultRequest(quantities("cpu", "100m", "memory", "128Mi"))
                .withMax(quantities("cpu", "2", "memory", "4Gi"))
                .endLimit().endSpec().build();
    }

    /**
     * The guard rails the platform keeps around a store's release (outside Helm's manifest): its quota, limit range
     * and network policies. Re-applied on every create, retry and repair; compared with the cluster like the release.
     */
    public static List<HasMetadata> guardRails(String storeId, String ingressNamespace) {
        List<HasMetadata> out = new ArrayList<>(List.of(quota(storeId), limits(storeId)));
        out.addAll(networkPolicies(storeId, ingressNamespace));
        return out;
    }

    /**
     * Deny by default; allow traffic inside the namespace, DNS, the ingress controller to the web port, and
     * internet egress on 80/443 only for pods labelled {@code urumi.io/egress=internet} (the setup Job).
     */
    public static List<NetworkPolicy> networkPolicies(String storeId, String ingressNamespace) {
        String ns = StoreNames.namespace(storeId);
        return List.of(
                policy(storeId, "default-deny").withNewSpec().withNewPodSelector().endPodSelector()
                        .withPolicyTypes("Ingress", "Egress").endSpec().build(),
                policy(storeId, "allow-same-namespace").withNewSpec().withNewPodSelector().endPodSelector()
                        .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress()
                        .addNewEgress().addNewTo().withNewPodSelector().endPodSelector().endTo().endEgress()
                        .withPolicyTypes("Ingress", "Egress").endSpec().build(),
                policy(storeId, "allow-dns").withNewSpec().withNewPodSelector().endPodSelector()
                        .addNewEgress().addNewTo().withNewNamespaceSelector().endNamespaceSelector().endTo()
                        .withPorts(port("UDP", 53), port("TCP", 53)).endEgress()
                        .withPolicyTypes("Egress").endSpec().build(),
                policy(storeId, "allow-ingress-controller").withNewSpec()
                        .withNewPodSelector().addToMatchLabels("app.kubernetes.io/component", "web").endPodSelector()
                        .addNewIngress().addNewFrom().withNewNamespaceSelector()
                        .addToMatchLabels("kubernetes.io/metadata.name", ingressNamespace).endNamespaceSelector()
                        .endFrom().withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
                                .withPort(new IntOrString("http")).build()).endIngress()
                        .withPolicyTypes("Ingress").endSpec().build(),
                policy(storeId, "allow-setup-internet").withNewSpec()
                        .withNewPodSelector().addToMatchLabels("urumi.io/egress", "internet").endPodSelector()
                        .addNewEgress().withTo(new NetworkPolicyPeerBuilder().withNewIpBlock()
                                .withCidr("0.0.0.0/0")
                                .withExcept("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")
                                .endIpBlock().build())
                        .withPorts(port("TCP", 80), port("TCP", 443)).endEgress()
                        .withPolicyTypes("Egress").endSpec().build())
                .stream().peek(p -> p.getMetadata().setNamespace(ns)).toList();
    }

    /**
     * The store's credentials: generated here, stored only in this Secret, referenced by the chart. Every store gets
     * every key whatever its engine (the chart picks what its engine needs), so adding an engine never branches here:
     * database passwords, and signing secrets for session cookies and API tokens (Medusa's JWT and cookie secrets).
     */
    public static Secret credentials(String storeId) {
        return new SecretBuilder()
                .withNewMetadata().withName(StoreNames.CREDENTIALS_SECRET).withNamespace(StoreNames.namespace(storeId))
                .withLabels(StoreNames.labels(storeId)).endMetadata()
                .withType("Opaque")
                .addToStringData("admin-user", ADMIN_USER)
                .addToStringData("admin-password", adminPassword())
                .addToStringData("db-password", password(32))
                .addToStringData("db-root-password", password(32))
                .addToStringData("jwt-secret", password(48))
                .addToStringData("cookie-secret", password(48))
                .build();
    }

    /** A new admin password, of the same strength as the first one. */
    public static String adminPassword() {
        return password(24);
    }

    static String password(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
        }
        return new String(out);
    }

    private static NetworkPolicyBuilder policy(String storeId, String name) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withLabels(StoreNames.labels(storeId))
                .endMetadata();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }

    private static Map<String, Quantity> quantities(String... pairs) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], new Quantity(pairs[i + 1]));
        }
        return out;
    }
}
