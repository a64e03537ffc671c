package io.urumi.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.chart.PlatformChart;
import io.urumi.cluster.InstallerAccess;
import io.urumi.cluster.StoreObjects;
import io.urumi.devcluster.Fault;
import io.urumi.support.Api;
import io.urumi.support.AuditLog;
import io.urumi.support.LocalCluster;
import io.urumi.support.Repo;
import io.urumi.support.PlatformProcess;
import io.urumi.support.ServiceAccountIdentity;
import io.urumi.support.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shows that charts/platform installs on the real 1.20 control plane and that the platform, running as the chart's
 * ServiceAccount and nothing more, creates, retries, upgrades, rolls back and deletes a store, using every permission
 * it holds and needing no other. (The chart's pod is only marked Running by the node simulator: no container runs, so
 * the platform runs as a local process with that ServiceAccount's token.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformRbacIT {
    private static final String NAMESPACE = PlatformChart.NAMESPACE;
    private static final String RELEASE = PlatformChart.RELEASE;
    private static final Duration LONG = Duration.ofMinutes(3);
    /** Requests of the negative checks carry this user agent, so the audit of the platform's own use skips them. */
    private static final String PROBE = "urumi-rbac-probe";
    private final LocalCluster cluster = LocalCluster.get();
    private final KubernetesClient admin = cluster.client();
    @TempDir
    static Path work;
    private ServiceAccountIdentity platformAccount;
    private String installerRole;
    private String installOutput;

    @BeforeAll
    void installThePlatformChart() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        long start = System.nanoTime();
        Release release = new Helm(PlatformChart.dir()).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(PlatformChart.values("local")).waitReady().withTimeout(120)
                .withKubeConfig(cluster.kubeconfig()).call();
        System.out.printf("platform chart installed (%s) in %d ms%n", release.getStatus(),
                (System.nanoTime() - start) / 1_000_000);
        assertEquals("deployed", release.getStatus());
        installOutput = release.getOutput();

        Deployment deployment = admin.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get();
        installerRole = env(deployment, "URUMI_INSTALLER_CLUSTERROLE");
        platformAccount = ServiceAccountIdentity.of(cluster, NAMESPACE,
                deployment.getSpec().getTemplate().getSpec().getServiceAccountName(), work);
    }

    @AfterAll
    void removeWhatTheTestLeft() {
        admin.namespaces().withName("store-squatter").delete();
        admin.namespaces().withName("store-probe").delete();
        admin.namespaces().withName("someone-elses").delete();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void eachValuesFilePassesTheApiServersDryRun(String values) {
        // Another release name: its cluster-scoped objects do not collide with the installed release's.
        Release dryRun = new Helm(PlatformChart.dir()).install().withName("urumi-dry-" + values).withNamespace(NAMESPACE)
                .withValuesFile(PlatformChart.values(values)).dryRun().withDryRunOption(DryRun.SERVER)
                .withKubeConfig(cluster.kubeconfig()).call();
        assertEquals("pending-install", dryRun.getStatus());
        assertNull(admin.rbac().clusterRoles().withName("urumi-dry-" + values + "-platform").get(),
                "a dry run creates nothing");
    }

    @Test
    void theNotesGiveTheUrlTheAdminPasswordCommandAndSayThe120ClusterHasNoNamespaceGuard() {
        assertTrue(installOutput.contains("http://urumi.127.0.0.1.nip.io/"), installOutput);
        assertTrue(installOutput.contains("kubectl -n urumi-system get secret urumi-admin -o jsonpath='{.data.password}'"
                + " | base64 -d"), installOutput);
        assertTrue(installOutput.contains("no ValidatingAdmissionPolicy API"), installOutput);
    }

    @Test
    void thePlatformPodIsRunningAsItsServiceAccountAndItsAdminPasswordSurvivesAnUpgrade() {
        Pod pod = admin.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", RELEASE).list()
                .getItems().get(0);
        assertEquals("Running", pod.getStatus().getPhase(), "marked Running by the node simulator");
        assertEquals(platformAccount.username(), "system:serviceaccount:" + NAMESPACE + ":"
                + pod.getSpec().getServiceAccountName());
        assertEquals("Bound", admin.persistentVolumeClaims().inNamespace(NAMESPACE).withName(RELEASE + "-data").get()
                .getStatus().getPhase());
        String password = adminPassword();
        assertEquals(32, password.length());

        Release upgraded = new Helm(PlatformChart.dir()).upgrade().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(PlatformChart.values("local")).withKubeConfig(cluster.kubeconfig()).call();
        assertEquals("deployed", upgraded.getStatus());
        assertEquals(password, adminPassword(), "lookup keeps the generated password across upgrades");
    }

    @Test
    void aStoreLivesAndDiesUnderThePlatformsServiceAccountUsingExactlyItsPermissions() throws Exception {
        long start = System.nanoTime();
        Path data = work.resolve("data");
        Path chart010 = Repo.unpackPublishedChart("0.1.0", work);
        Path noCatalog = work.resolve("no-catalog");
        String id = "rbac-shop";

        // The platform as it shipped chart 0.1.0: a failed setup, then a retry that re-applies every step.
        cluster.faults().set("store-" + id, Fault.FAIL_JOBS);
        try (PlatformProcess old = PlatformProcess.start(platformEnv(data, Map.of(
                "URUMI_CHART_DIR", chart010.toString(), "URUMI_CHART_CATALOG_DIR", noCatalog.toString())),
                Path.of("target", "platform-rbac-old.log").toAbsolutePath())) {
            Api api = old.api();
            assertEquals(202, api.createStore(id).status());
            api.awaitState(id, "FAILED");
            assertEquals("setup-job", api.get("/api/stores/" + id).json().path("failure").path("step").asText());
            cluster.faults().clear("store-" + id);
            assertEquals(202, api.postJson("/api/stores/" + id + "/retry", "").status());
            api.awaitState(id, "READY");
            assertEquals(2, api.get("/api/stores/" + id).json().path("helmRevision").asInt());
        } finally {
            cluster.faults().clear("store-" + id);
        }
        assertEquals(installerRole, admin.rbac().roleBindings().inNamespace("store-" + id).withName("urumi-installer")
                .get().getRoleRef().getName());

        // The current platform (the current chart): preview, upgrade, roll back to 0.1.0, delete.
        String current = Repo.currentChartVersion();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("store-squatter").endMetadata()
                .build()).create();
        admin.configMaps().inNamespace("store-squatter").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("not-urumis").endMetadata().addToData("owner", "someone else").build()).create();
        try (PlatformProcess platform = PlatformProcess.start(platformEnv(data, Map.of(
                "URUMI_CHART_CATALOG_DIR", noCatalog.toString())), Path.of("target", "platform-rbac.log").toAbsolutePath())) {
            Api api = platform.api();
            Api.Response preview = api.get("/api/stores/" + id + "/upgrade-preview?chartVersion=" + current);
            assertEquals(200, preview.status(), preview.raw().body());
            assertEquals(202, api.postJson("/api/stores/" + id + "/upgrade", "{\"chartVersion\":\"" + current + "\"}").status());
            api.awaitState(id, "READY");
            assertStore(api, id, current, 3);
            assertEquals(202, api.postJson("/api/stores/" + id + "/rollback", "{\"revision\":2}").status());
            api.awaitState(id, "READY");
            assertStore(api, id, "0.1.0", 4);

            assertEquals(202, api.postJson("/api/stores/" + id + "/restart", "").status());
            api.awaitLastOperation(id, "RESTART");
            assertEquals(202, api.postJson("/api/stores/" + id + "/reset-password", "").status());
            api.awaitLastOperation(id, "RESET_PASSWORD");
            assertStore(api, id, "0.1.0", 5);
            // The drift check (a list of the release's Secrets, a GET per manifest object) and a repair.
            Api.Response drift = api.postJson("/api/stores/" + id + "/drift", "");
            assertEquals(200, drift.status(), drift.raw().body());
            assertEquals(0, drift.json().path("total").asInt(), drift.raw().body());
            assertEquals(202, api.postJson("/api/stores/" + id + "/repair", "").status());
            api.awaitLastOperation(id, "REPAIR");
            assertStore(api, id, "0.1.0", 6);

            theCodeLeavesANamespaceThatIsNotAStoresAlone(api);
            aNewStoresPodsAreWatchedUntilReady(api);

            assertEquals(202, api.delete("/api/stores/" + id).status());
            api.awaitState(id, "DELETED");
            assertNull(admin.namespaces().withName("store-" + id).get());
        }
        System.out.printf("store lifecycle under the ServiceAccount took %d ms%n", (System.nanoTime() - start) / 1_000_000);

        everyPermissionWasUsedAndNoneWasMissing();
    }

    /**
     * After installing, the platform watches the store's workloads until their pods are ready. On the simulator pods
     * are usually ready before that wait starts, so here they are held unready until the watch is seen.
     */
    private void aNewStoresPodsAreWatchedUntilReady(Api api) {
        String id = "rbac-wait";
        cluster.faults().set("store-" + id, Fault.NEVER_READY);
        try {
            assertEquals(202, api.createStore(id).status());
            AuditLog audit = new AuditLog(cluster.auditLog());
            // The wait lists each workload by name, finds it unready, then watches it: once both lists are in the
            // audit log the watches follow whatever the pods do next (a watch itself is logged when it ends).
            org.awaitility.Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() ->
                    audit.requestsBy(platformAccount.username()).stream().filter(r -> r.verb().equals("list")
                            && r.group().equals("apps") && ("store-" + id).equals(r.namespace())
                            && r.name() != null && !r.name().isEmpty()).map(AuditLog.Request::resource)
                            .collect(Collectors.toSet()).containsAll(Set.of("deployments", "statefulsets")));
        } finally {
            cluster.faults().clear("store-" + id);
        }
        api.awaitState(id, "READY");
        assertEquals(202, api.delete("/api/stores/" + id).status());
        api.awaitState(id, "DELETED");
    }

    /** RBAC on 1.20 cannot tell a store's namespace from another: the platform's label check does (DeprovisionerTest). */
    private void theCodeLeavesANamespaceThatIsNotAStoresAlone(Api api) {
        assertEquals(202, api.createStore("squatter").status());
        api.awaitState("squatter", "FAILED");
        JsonNode failure = api.get("/api/stores/squatter").json().path("failure");
        assertEquals("namespace", failure.path("step").asText());
        assertTrue(failure.path("reason").asText().contains("not managed by Urumi"), failure.toString());
        assertEquals(202, api.delete("/api/stores/squatter").status());
        api.awaitState("squatter", "DELETED");
        assertNotNull(admin.namespaces().withName("store-squatter").get(), "the namespace was left alone");
        assertNotNull(admin.configMaps().inNamespace("store-squatter").withName("not-urumis").get());
        assertNull(admin.rbac().roleBindings().inNamespace("store-squatter").withName("urumi-installer").get(),
                "the platform never bound itself there");
    }

    /**
     * From the API server's audit log: the platform was never refused, touched no namespace but store ones, and used
     * every verb its two ClusterRoles grant (bind is checked while creating the RoleBinding, and create while an
     * apply creates a guard rail; neither is requested).
     */
    private void everyPermissionWasUsedAndNoneWasMissing() {
        List<AuditLog.Request> requests = new AuditLog(cluster.auditLog()).requestsBy(platformAccount.username())
                .stream().filter(r -> !PROBE.equals(r.userAgent())).toList();
        System.out.println("permissions the platform used (requests):");
        AuditLog.permissions(requests).forEach((permission, count) -> System.out.printf("  %-45s %4d%n", permission, count));

        assertEquals(List.of(), requests.stream().filter(r -> r.code() == 403).toList(), "refused requests");
        assertEquals(Set.of(), requests.stream().filter(r -> !r.namespace().isEmpty() && !r.namespace().startsWith("store-"))
                .filter(r -> !(r.namespace().equals(NAMESPACE) && AuditLog.permissions(List.of(r)).keySet().stream()
                        .allMatch(p -> p.startsWith("coordination.k8s.io/leases "))))
                .map(AuditLog.Request::namespace).collect(Collectors.toSet()),
                "namespaces other than stores' the platform sent requests to (besides its Lease in its own)");
        Set<String> granted = new TreeSet<>();
        granted.addAll(grants(RELEASE + "-platform"));
        granted.addAll(grants(installerRole));
        granted.addAll(rules(admin.rbac().roles().inNamespace(NAMESPACE).withName(RELEASE + "-leader-election").get()
                .getRules()));
        granted.remove("rbac.authorization.k8s.io/clusterroles bind");
        // A server-side apply that creates is a PATCH authorized as create too (dropping create fails step quota).
        granted.removeAll(Set.of("/resourcequotas create", "/limitranges create", "networking.k8s.io/networkpolicies create"));
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(AuditLog.permissions(requests).keySet());
        assertEquals(Set.of(), unused, "granted but never used");
    }

    @Test
    void theServiceAccountIsRefusedEverythingOutsideItsRole() {
        // A store namespace as the platform leaves it: the installer role bound to its ServiceAccount.
        admin.namespaces().resource(StoreObjects.namespace("probe")).create();
        admin.resource(StoreObjects.installerAccess("probe", InstallerAccess.of(installerRole,
                platformAccount.reference()))).create();
        try (KubernetesClient sa = platformAccount.client(PROBE)) {
            Forbidden.assertRefused("read Secrets in kube-system",
                    () -> sa.secrets().inNamespace("kube-system").list());
            Forbidden.assertRefused("list Secrets cluster-wide", () -> sa.secrets().inAnyNamespace().list());
            Forbidden.assertRefused("read its own admin password through the API",
                    () -> sa.secrets().inNamespace(NAMESPACE).withName(RELEASE + "-admin").get());
            Forbidden.assertRefused("create a ClusterRoleBinding", () -> sa.rbac().clusterRoleBindings()
                    .resource(Forbidden.clusterRoleBinding("cluster-admin", platformAccount)).create());
            Forbidden.assertRefused("create a ClusterRole (no escalate)", () -> sa.rbac().clusterRoles()
                    .resource(Forbidden.clusterRole()).create());
            Forbidden.assertRefused("bind cluster-admin inside a store namespace", () -> sa.rbac().roleBindings()
                    .inNamespace("store-probe").resource(Forbidden.roleBinding("cluster-admin", platformAccount))
                    .create());
            Forbidden.assertRefused("bind the built-in admin role inside a store namespace", () -> sa.rbac()
                    .roleBindings().inNamespace("store-probe").resource(Forbidden.roleBinding("admin", platformAccount))
                    .create());
            Forbidden.assertRefused("relabel a namespace to make it look like a store's", () -> sa.namespaces()
                    .withName("kube-system").edit(n -> new NamespaceBuilder(n).editMetadata()
                            .addToLabels("urumi.io/store", "kube-system").endMetadata().build()));
            Forbidden.assertRefused("read nodes", () -> sa.nodes().list());
            Forbidden.assertRefused("create pods directly in a store namespace", () -> sa.pods().inNamespace("store-probe")
                    .resource(Forbidden.pod()).create());
            try (KubernetesClient impersonating = Forbidden.impersonating(platformAccount, "admin", PROBE)) {
                Forbidden.assertRefused("impersonate the admin", () -> impersonating.namespaces().list());
            }

            // What RBAC on 1.20 cannot stop, shown with server-side dry runs (authorised, then nothing changes).
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("someone-elses").endMetadata()
                    .build()).create();
            sa.namespaces().withName("someone-elses").dryRun().delete();
            sa.rbac().roleBindings().inNamespace("someone-elses").resource(Forbidden.roleBinding(installerRole,
                    platformAccount)).dryRun().create();
            assertNotNull(admin.namespaces().withName("someone-elses").get());
            assertTrue(admin.rbac().roleBindings().inNamespace("someone-elses").list().getItems().isEmpty());
        }
    }

    private Map<String, String> platformEnv(Path data, Map<String, String> overrides) {
        Map<String, String> env = TestPlatform.env(cluster, data, TestPlatform.freePort());
        env.put("KUBECONFIG", platformAccount.kubeconfig().toString());
        env.put("URUMI_INSTALLER_CLUSTERROLE", installerRole);
        env.put("URUMI_SERVICE_ACCOUNT", platformAccount.reference());
        // As the chart configures it: the Lease in the platform's own namespace, under the Role the chart grants.
        env.put("URUMI_LEADER_ELECTION_NAMESPACE", NAMESPACE);
        env.put("URUMI_LEADER_LEASE_NAME", RELEASE + "-leader");
        env.put("URUMI_LEADER_LEASE_SECONDS", "5");
        env.putAll(overrides);
        return env;
    }

    private Set<String> grants(String clusterRole) {
        return rules(admin.rbac().clusterRoles().withName(clusterRole).get().getRules());
    }

    private static Set<String> rules(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    rule.getVerbs().forEach(verb -> out.add(group + "/" + resource + " " + verb));
                }
            }
        }
        return out;
    }

    private String adminPassword() {
        return new String(Base64.getDecoder().decode(admin.secrets().inNamespace(NAMESPACE).withName(RELEASE + "-admin")
                .get().getData().get("password")));
    }

    private static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst().orElseThrow();
    }

    private static void assertStore(Api api, String id, String chartVersion, int revision) {
        JsonNode store = api.get("/api/stores/" + id).json();
        assertEquals(chartVersion, store.path("chartVersion").asText(), store.toString());
        assertEquals(revision, store.path("helmRevision").asInt(), store.toString());
    }


}
