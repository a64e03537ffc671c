package io.urumi.cluster;

import io.urumi.store.StoreNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetworkPolicies are stored but not enforced on the local cluster (no CNI), so their fields are checked here. */
class StoreObjectsTest {
    private final List<NetworkPolicy> policies = StoreObjects.networkPolicies("shop", "ingress-nginx");

    private NetworkPolicy policy(String name) {
        return policies.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyPodIsDeniedAllTrafficByDefault() {
        NetworkPolicy deny = policy("default-deny");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null
                || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
        assertTrue(deny.getSpec().getEgress() == null || deny.getSpec().getEgress().isEmpty());
    }

    @Test
    void onlyTheIngressControllersNamespaceReachesOnlyTheWebPodsOnTheirHttpPort() {
        NetworkPolicy web = policy("allow-ingress-controller");
        assertEquals(Map.of("app.kubernetes.io/component", "web"), web.getSpec().getPodSelector().getMatchLabels());
        var rule = web.getSpec().getIngress().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                rule.getFrom().get(0).getNamespaceSelector().getMatchLabels());
        assertEquals("http", rule.getPorts().get(0).getPort().getStrVal());
    }

    @Test
    void internetEgressIsOnlyForLabelledPodsOnWebPortsAndNeverToPrivateRanges() {
        NetworkPolicy egress = policy("allow-setup-internet");
        assertEquals(Map.of("urumi.io/egress", "internet"), egress.getSpec().getPodSelector().getMatchLabels());
        var rule = egress.getSpec().getEgress().get(0);
        assertEquals(List.of(80, 443), rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertTrue(rule.getTo().get(0).getIpBlock().getExcept().containsAll(
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")));
    }

    @Test
    void dnsIsTheOnlyEgressEveryPodGetsOutsideItsNamespace() {
        var rule = policy("allow-dns").getSpec().getEgress().get(0);
        assertEquals(List.of(53, 53), rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals(List.of("UDP", "TCP"), rule.getPorts().stream().map(p -> p.getProtocol()).toList());
    }

    @Test
    void everyObjectLivesInTheStoreNamespaceWithTheStoreLabels() {
        policies.forEach(p -> {
            assertEquals("store-shop", p.getMetadata().getNamespace());
            assertEquals(StoreNames.labels("shop"), p.getMetadata().getLabels());
        });
        assertEquals(StoreNames.labels("shop"), StoreObjects.quota("shop").getMetadata().getLabels());
        assertEquals("restricted",
                StoreObjects.namespace("shop").getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
    }

    @Test
    void credentialsAreFreshStrongRandomPasswordsUnderTheKeysTheChartReads() {
        Secret first = StoreObjects.credentials("shop");
        Secret second = StoreObjects.credentials("shop");
        assertEquals(List.of("admin-password", "admin-user", "cookie-secret", "db-password", "db-root-password",
                        "jwt-secret"), first.getStringData().keySet().stream().sorted().toList());
        assertEquals(24, first.getStringData().get("admin-password").length());
        assertEquals(48, first.getStringData().get("jwt-secret").length());
        assertNotEquals(first.getStringData().get("jwt-secret"), first.getStringData().get("cookie-secret"));
        assertNotEquals(first.getStringData().get("jwt-secret"), second.getStringData().get("jwt-secret"));
        assertNotEquals(first.getStringData().get("admin-password"), second.getStringData().get("admin-password"));
        assertNotEquals(first.getStringData().get("db-password"), first.getStringData().get("db-root-password"));
    }

    @Test
    void theInstallerBindingGrantsOnlyThePlatformsServiceAccountTheNamedClusterRoleInTheStoreNamespace() {
        RoleBinding binding = StoreObjects.installerAccess("shop",
                InstallerAccess.of("urumi-store-installer", "urumi-system/urumi"));
        assertEquals("store-shop", binding.getMetadata().getNamespace());
        assertEquals("urumi-installer", binding.getMetadata().getName());
        assertEquals(StoreNames.labels("shop"), binding.getMetadata().getLabels());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals("urumi-store-installer", binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        Subject subject = binding.getSubjects().get(0);
        assertEquals(List.of("ServiceAccount", "urumi-system", "urumi"),
                List.of(subject.getKind(), subject.getNamespace(), subject.getName()));
    }

    @Test
    void aServiceAccountThatIsNotNamespaceSlashNameIsRefused() {
        for (String bad : List.of("", "urumi", "/urumi", "urumi-system/", "a/b/c", "Urumi/x")) {
            assertThrows(IllegalArgumentException.class, () -> InstallerAccess.of("urumi-store-installer", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> InstallerAccess.of(" ", "urumi-system/urumi"));
    }
}
