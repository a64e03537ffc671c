package io.urumi.chart;

import static io.urumi.chart.StoreChart.ofKind;
import static io.urumi.chart.StoreChart.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.urumi.cluster.InstallerAccess;
import io.urumi.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Policy of the platform chart, checked on what it renders with values-local.yaml and values-prod.yaml (the server-side
 * dry run against the local API server is in PlatformRbacIT).
 */
class PlatformChartTest {
    private static final Set<String> KUBERNETES_1_20_APIS = Set.of("v1", "apps/v1", "networking.k8s.io/v1",
            "rbac.authorization.k8s.io/v1");
    private static final Set<String> FORBIDDEN_VERBS = Set.of("*", "escalate", "impersonate");

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void lintPassesInStrictModeWithEachValuesFile(String values, @TempDir Path work) {
        LintResult result = PlatformChart.lint(values, work);
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void onlyApisServedByKubernetes120AreRenderedAndEveryObjectIsLabelled(String values) {
        for (HasMetadata object : PlatformChart.render(values)) {
            assertTrue(KUBERNETES_1_20_APIS.contains(object.getApiVersion()), StoreChart.key(object));
            Map<String, String> labels = object.getMetadata().getLabels();
            assertEquals("urumi", labels.get("app.kubernetes.io/part-of"), StoreChart.key(object));
            assertEquals(PlatformChart.RELEASE, labels.get("app.kubernetes.io/instance"), StoreChart.key(object));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void thePodRunsAsAFixedNonRootUserWithTheRestrictedProfileAndAReadOnlyRoot(String values) {
        PodSpec pod = deployment(values).getSpec().getTemplate().getSpec();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertNotNull(pod.getSecurityContext().getFsGroup(), "the database volume is writable by the pod's group");
        Container c = container(values);
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertTrue(c.getSecurityContext().getCapabilities().getAdd().isEmpty());
        assertNull(c.getSecurityContext().getPrivileged());
        assertEquals(Map.of("/data", "data", "/tmp", "tmp"), Map.of(
                c.getVolumeMounts().get(0).getMountPath(), c.getVolumeMounts().get(0).getName(),
                c.getVolumeMounts().get(1).getMountPath(), c.getVolumeMounts().get(1).getName()));
        assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow()
                .getEmptyDir());
        assertEquals(PlatformChart.RELEASE + "-data", pod.getVolumes().stream().filter(v -> v.getName().equals("data"))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());
        assertTrue(pod.getAutomountServiceAccountToken(), "the platform needs its token; nothing else mounts it");
        assertFalse(only(PlatformChart.render(values), ServiceAccount.class).getAutomountServiceAccountToken());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void theGoRuntimeThatRunsHelmInTheJvmGetsASoftMemoryLimit(String values) {
        assertEquals("64MiB", env(values).get("GOMEMLIMIT"), "without it Go's heap doubles between collections");
        assertThrows(IllegalStateException.class,
                () -> PlatformChart.template(values, Map.of("platform.goMemoryLimit", "lots")), "the schema refuses it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void oneReplicaIsReplacedNotRolledWhileH2IsTheDatabase(String values) {
        Deployment d = deployment(values);
        assertEquals(1, d.getSpec().getReplicas());
        assertEquals("Recreate", d.getSpec().getStrategy().getType());
        assertEquals("jdbc:h2:file:/data/urumi", env(values).get("URUMI_JDBC_URL"));
        assertThrows(IllegalStateException.class, () -> PlatformChart.template(values, Map.of("replicaCount", "2")),
                "the chart refuses a second writer of the H2 file");
    }

    @Test
    void withPostgreSQLReplicasRollShareNoVolumeAndTakeThePasswordFromASecret() {
        Map<String, String> postgres = Map.of("replicaCount", "3",
                "database.url", "jdbc:postgresql://db.example.com:5432/urumi", "database.existingSecret", "urumi-db");
        List<HasMetadata> objects = PlatformChart.render("prod", postgres);
        Deployment d = only(objects, Deployment.class);
        assertEquals(3, d.getSpec().getReplicas());
        assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
        assertTrue(ofKind(objects, io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class).isEmpty());
        assertTrue(d.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getName().equals("data")));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        EnvVar password = c.getEnv().stream().filter(e -> e.getName().equals("URUMI_DB_PASSWORD")).findFirst()
                .orElseThrow();
        assertNull(password.getValue(), "never a literal password in the pod spec");
        assertEquals("urumi-db", password.getValueFrom().getSecretKeyRef().getName());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("URUMI_JDBC_URL")
                && e.getValue().equals("jdbc:postgresql://db.example.com:5432/urumi")));
        assertThrows(IllegalStateException.class, () -> PlatformChart.template("prod", Map.of("replicaCount", "2",
                "database.url", "jdbc:postgresql://db.example.com:5432/urumi")), "PostgreSQL without its password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void probesUseTheHealthEndpointsOnTheHttpPortAndResourcesAreBounded(String values) {
        Container c = container(values);
        assertEquals(8080, c.getPorts().get(0).getContainerPort());
        assertEquals("http", c.getPorts().get(0).getName());
        assertEquals("/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/health/live", c.getStartupProbe().getHttpGet().getPath());
        assertEquals("/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        for (String kind : List.of("cpu", "memory")) {
            assertNotNull(c.getResources().getRequests().get(kind), kind);
            assertNotNull(c.getResources().getLimits().get(kind), kind);
        }
    }

    /** Every variable the chart sets is one the platform reads, and it reads them as the chart meant. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void theEnvironmentConfiguresThePlatformAsTheValuesSay(String values) {
        Map<String, String> env = new HashMap<>(env(values));
        // What the kubelet resolves from the downward API and the Secret.
        env.put("POD_NAMESPACE", PlatformChart.NAMESPACE);
        env.put("POD_SERVICE_ACCOUNT", PlatformChart.RELEASE);
        env.put("URUMI_SERVICE_ACCOUNT", env.get("URUMI_SERVICE_ACCOUNT")
                .replace("$(POD_NAMESPACE)", PlatformChart.NAMESPACE)
                .replace("$(POD_SERVICE_ACCOUNT)", PlatformChart.RELEASE));
        env.put("URUMI_LEADER_ELECTION_NAMESPACE", env.get("URUMI_LEADER_ELECTION_NAMESPACE")
                .replace("$(POD_NAMESPACE)", PlatformChart.NAMESPACE));
        Config config = Config.fromEnv(env);
        boolean prod = values.equals("prod");
        assertEquals(prod ? "stores.example.com" : "127.0.0.1.nip.io", config.baseDomain());
        assertEquals("nginx", config.ingressClass());
        assertEquals("ingress-nginx", config.ingressNamespace());
        assertEquals(Duration.ofSeconds(prod ? 900 : 600), config.provisioningTimeout());
        assertEquals(Path.of("/opt/urumi/charts/ecommerce-store"), config.chartDir());
        assertEquals(Path.of("/opt/urumi/charts/catalog"), config.chartCatalogDir());
        assertEquals(Optional.of(new InstallerAccess("urumi-store-installer", PlatformChart.NAMESPACE,
                PlatformChart.RELEASE)), config.installerAccess());
        assertEquals(Optional.of(new Config.LeaderElection(PlatformChart.NAMESPACE, PlatformChart.RELEASE + "-leader",
                Duration.ofSeconds(15))), config.leaderElection(), "the Lease lives in the platform's own namespace");
        assertEquals(PlatformChart.RELEASE, deployment(values).getSpec().getTemplate().getSpec().getServiceAccountName());
        EnvVar password = container(values).getEnv().stream().filter(e -> e.getName().equals("URUMI_ADMIN_PASSWORD"))
                .findFirst().orElseThrow();
        assertEquals("urumi-admin", password.getValueFrom().getSecretKeyRef().getName());
        assertEquals("/tmp", env.get("HOME"), "Helm's and the JVM's scratch files go to the writable /tmp");
        Config.Guardrails guardrails = config.guardrails();
        assertEquals(10, guardrails.maxStoresPerUser());
        assertEquals(500, guardrails.maxStores());
        assertEquals(10, guardrails.createsPerMinute());
        assertEquals(java.util.List.of(), guardrails.trustedProxies(), "no proxy is believed unless configured");
        assertEquals(Duration.ofMinutes(30), guardrails.sessionIdleTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void rbacGrantsNoWildcardEscalateImpersonateOrClusterAdminAndBindsOnlyTheInstallerRoleByName(String values) {
        List<HasMetadata> objects = PlatformChart.render(values);
        for (ClusterRole role : ofKind(objects, ClusterRole.class)) {
            for (PolicyRule rule : role.getRules()) {
                String where = role.getMetadata().getName() + " " + rule.getResources();
                assertTrue(rule.getVerbs().stream().noneMatch(FORBIDDEN_VERBS::contains), where);
                assertFalse(rule.getResources().contains("*") || rule.getApiGroups().contains("*"), where);
                if (rule.getVerbs().contains("bind")) {
                    assertEquals(List.of("bind"), rule.getVerbs(), where);
                    assertEquals(List.of("clusterroles"), rule.getResources(), where);
                    assertEquals(List.of("urumi-store-installer"), rule.getResourceNames(), where);
                }
            }
        }
        // Store namespaces get their RoleBinding from the platform; the chart binds only the leader-election Role.
        RoleBinding leases = only(objects, RoleBinding.class);
        io.fabric8.kubernetes.api.model.rbac.Role leaseRole = only(objects, io.fabric8.kubernetes.api.model.rbac.Role.class);
        assertEquals(leaseRole.getMetadata().getName(), leases.getRoleRef().getName());
        assertEquals(List.of(PlatformChart.RELEASE), leases.getSubjects().stream().map(s -> s.getName()).toList());
        assertEquals(1, leaseRole.getRules().size());
        PolicyRule rule = leaseRole.getRules().get(0);
        assertEquals(List.of("coordination.k8s.io"), rule.getApiGroups());
        assertEquals(List.of("leases"), rule.getResources());
        assertEquals(List.of("get", "create", "patch"), rule.getVerbs());
        ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
        assertEquals("urumi-platform", binding.getRoleRef().getName(), "only the platform role is bound cluster-wide");
        assertEquals(List.of(PlatformChart.NAMESPACE + "/" + PlatformChart.RELEASE), binding.getSubjects().stream()
                .map(s -> s.getNamespace() + "/" + s.getName()).toList());
    }

    /** Cluster-wide the platform reaches only namespaces and its RoleBindings: no Secrets, no workloads. */
    @Test
    void theClusterWideRoleHoldsOnlyNamespacesAndTheInstallerBinding() {
        ClusterRole platform = role("urumi-platform");
        assertEquals(List.of("namespaces [get, list, watch, create, delete]", "rolebindings [get, create]",
                "clusterroles [bind]"), platform.getRules().stream()
                .map(r -> String.join(",", r.getResources()) + " " + r.getVerbs()).toList());
        ClusterRole installer = role("urumi-store-installer");
        assertTrue(installer.getRules().stream().noneMatch(r -> r.getResources().contains("rolebindings")
                || r.getResources().contains("roles") || r.getResources().contains("pods/exec")
                || r.getResources().contains("pods/attach") || r.getResources().contains("namespaces")),
                "inside a store namespace it cannot grant or exec");
        // Pods only to find a failed setup Job's pod and read the end of its log.
        assertEquals(List.of("pods [list]", "pods/log [get]"), installer.getRules().stream()
                .filter(r -> r.getResources().stream().anyMatch(res -> res.startsWith("pods")))
                .map(r -> String.join(",", r.getResources()) + " " + r.getVerbs()).toList());
    }

    @Test
    void theGeneratedAdminPasswordIsRandomUnlessAnExistingSecretIsNamed() {
        Secret generated = only(PlatformChart.render("local"), Secret.class);
        assertEquals("urumi-admin", generated.getMetadata().getName());
        assertEquals(44, generated.getData().get("password").length(), "32 characters, base64");
        assertFalse(generated.getData().get("password").equals(
                only(PlatformChart.render("local"), Secret.class).getData().get("password")));

        List<HasMetadata> own = PlatformChart.render("prod", Map.of("admin.existingSecret", "my-admin"));
        assertTrue(ofKind(own, Secret.class).isEmpty());
        assertEquals("my-admin", own.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("URUMI_ADMIN_PASSWORD")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void localIngressIsPlainHttpAndProductionIngressGetsTlsFromCertManager() {
        Ingress local = only(PlatformChart.render("local"), Ingress.class);
        assertEquals("urumi.127.0.0.1.nip.io", local.getSpec().getRules().get(0).getHost());
        assertEquals("nginx", local.getSpec().getIngressClassName());
        assertTrue(local.getSpec().getTls() == null || local.getSpec().getTls().isEmpty());

        Ingress prod = only(PlatformChart.render("prod"), Ingress.class);
        assertEquals("letsencrypt-prod", prod.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        assertEquals(List.of("urumi.example.com"), prod.getSpec().getTls().get(0).getHosts());
        assertEquals("urumi-tls", prod.getSpec().getTls().get(0).getSecretName());
        assertEquals("urumi", prod.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getName());
    }

    /** Stored but not enforced on the local control plane (no CNI), so the fields are checked here. */
    @Test
    void onlyTheIngressControllerReachesThePodAndThePodReachesOnlyDnsTheApiAndPublicWebAddresses() {
        NetworkPolicy policy = only(PlatformChart.render("prod", Map.of("networkPolicy.apiServer.cidrs[0]",
                "10.0.0.10/32")), NetworkPolicy.class);
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        var from = policy.getSpec().getIngress().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                from.getFrom().get(0).getNamespaceSelector().getMatchLabels());
        assertEquals("http", from.getPorts().get(0).getPort().getStrVal());
        var egress = policy.getSpec().getEgress();
        assertEquals(List.of(53, 53), egress.get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals("10.0.0.10/32", egress.get(1).getTo().get(0).getIpBlock().getCidr());
        assertEquals(List.of(443, 6443), egress.get(1).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        var web = egress.get(2);
        assertEquals("0.0.0.0/0", web.getTo().get(0).getIpBlock().getCidr());
        assertTrue(web.getTo().get(0).getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "169.254.0.0/16")), "nothing inside the cluster's private ranges");
        assertEquals(List.of(80, 443), web.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals(3, egress.size());
    }

    /** `helm template` knows no cluster, so "auto" leaves the 1.30+ policy out; forcing it shows what it says. */
    @Test
    void theNamespaceGuardLetsThePlatformDeleteOnlyUrumiNamespacesWhereTheClusterHasIt() {
        assertTrue(ofKind(PlatformChart.render("local"), ValidatingAdmissionPolicy.class).isEmpty());
        List<HasMetadata> objects = PlatformChart.render("prod", Map.of("rbac.namespaceGuard", "true"));
        ValidatingAdmissionPolicy policy = only(objects, ValidatingAdmissionPolicy.class);
        assertEquals("Fail", policy.getSpec().getFailurePolicy());
        assertEquals("request.userInfo.username == 'system:serviceaccount:urumi-system:urumi'",
                policy.getSpec().getMatchConditions().get(0).getExpression());
        var rules = policy.getSpec().getMatchConstraints().getResourceRules();
        assertEquals(List.of("namespaces:[DELETE]", "rolebindings:[CREATE, UPDATE]"), rules.stream()
                .map(r -> r.getResources().get(0) + ":" + r.getOperations()).toList());
        assertTrue(policy.getSpec().getValidations().stream().allMatch(v ->
                v.getExpression().contains("['app.kubernetes.io/managed-by'] == 'urumi'")));
        ValidatingAdmissionPolicyBinding binding = only(objects, ValidatingAdmissionPolicyBinding.class);
        assertEquals(policy.getMetadata().getName(), binding.getSpec().getPolicyName());
        assertEquals(List.of("Deny"), binding.getSpec().getValidationActions());
    }

    private static ClusterRole role(String name) {
        return ofKind(PlatformChart.render("local"), ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Deployment deployment(String values) {
        return only(PlatformChart.render(values), Deployment.class);
    }

    private static Container container(String values) {
        return deployment(values).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(String values) {
        Map<String, String> env = new HashMap<>();
        container(values).getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(),
                e.getValue()));
        return env;
    }
}
