package io.urumi.chart;

import static io.urumi.chart.StoreChart.SECRET;
import static io.urumi.chart.StoreChart.claims;
import static io.urumi.chart.StoreChart.ofKind;
import static io.urumi.chart.StoreChart.only;
import static io.urumi.chart.StoreChart.podTemplates;
import static io.urumi.chart.StoreChart.render;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.urumi.cluster.StoreObjects;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Policy of the store chart, checked on what it renders with the platform's local and production values. */
class StoreChartTest {
    /** Every key the chart reads from the Secret must be one the platform writes into it. */
    private static final Set<String> SECRET_KEYS = StoreObjects.credentials("shop1").getStringData().keySet();
    private static final Pattern SECRET_LIKE_NAME = Pattern.compile("(?i).*(pass|secret|token|credential|key).*");
    private static final Set<String> KUBERNETES_1_20_APIS = Set.of("v1", "apps/v1", "batch/v1", "networking.k8s.io/v1");
    private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(StoreChart.dir()).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void theSetupJobAndTheEnginesHelmTestAreTheOnlyObjectsKeptOutOfTheReleaseManifest(String engine) {
        List<HasMetadata> everything = render("local", Map.of("engine", engine));
        String manifest = new Helm(StoreChart.dir()).template()
                .withName(StoreChart.RELEASE)
                .withNamespace(StoreChart.NAMESPACE)
                .withValuesFile(StoreChart.values("local"))
                .set("engine", engine)
                .call();
        List<String> hooks = everything.stream()
                .filter(o -> o.getMetadata().getAnnotations() != null
                        && o.getMetadata().getAnnotations().containsKey("helm.sh/hook"))
                .map(StoreChart::key).toList();
        // Only WooCommerce brings a Helm test so far; each engine keeps its own under templates/<engine>/.
        assertEquals("woocommerce".equals(engine) ? Set.of("Job/urumi-shop1-setup", "Job/urumi-shop1-test")
                : Set.of("Job/urumi-shop1-setup"), Set.copyOf(hooks));
        assertEquals(everything.stream().map(StoreChart::key).filter(k -> !hooks.contains(k)).toList(),
                StoreChart.parse(manifest).stream().map(StoreChart::key).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "medusa-local", "medusa-production"})
    void everyObjectPodAndClaimCarriesTheUrumiLabels(String values) {
        List<HasMetadata> objects = render(values);
        assertFalse(objects.isEmpty());
        Map<String, String> urumi = Map.of("app.kubernetes.io/managed-by", "urumi", "urumi.io/store", "shop1");
        for (HasMetadata object : objects) {
            assertHasLabels(StoreChart.key(object), object.getMetadata().getLabels(), urumi);
            assertHasFullLabelSet(StoreChart.key(object), object.getMetadata().getLabels());
        }
        podTemplates(objects).forEach((owner, pod) -> {
            assertHasLabels(owner + " pods", pod.getMetadata().getLabels(), urumi);
            assertHasFullLabelSet(owner + " pods", pod.getMetadata().getLabels());
        });
        for (PersistentVolumeClaim claim : claims(objects)) {
            assertHasLabels("claim " + claim.getMetadata().getName(), claim.getMetadata().getLabels(), urumi);
        }
    }

    @Test
    void podsAreLabelledWithTheirComponentAndOnlyTheSetupJobMayReachTheInternet() {
        Map<String, PodTemplateSpec> pods = podTemplates(render("local"));
        assertEquals(Set.of("Deployment/urumi-shop1-wordpress", "StatefulSet/urumi-shop1-mysql", "Job/urumi-shop1-setup",
                "Job/urumi-shop1-test"), pods.keySet());
        Function<String, Map<String, String>> labels = key -> pods.get(key).getMetadata().getLabels();
        assertEquals("web", labels.apply("Deployment/urumi-shop1-wordpress").get("app.kubernetes.io/component"));
        assertEquals("database", labels.apply("StatefulSet/urumi-shop1-mysql").get("app.kubernetes.io/component"));
        assertEquals("setup", labels.apply("Job/urumi-shop1-setup").get("app.kubernetes.io/component"));
        assertEquals("internet", labels.apply("Job/urumi-shop1-setup").get("urumi.io/egress"));
        assertNull(labels.apply("Deployment/urumi-shop1-wordpress").get("urumi.io/egress"));
        assertNull(labels.apply("StatefulSet/urumi-shop1-mysql").get("urumi.io/egress"));
        assertEquals("test", labels.apply("Job/urumi-shop1-test").get("app.kubernetes.io/component"));
        assertNull(labels.apply("Job/urumi-shop1-test").get("urumi.io/egress"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theHelmTestChecksTheStorefrontAndAdminPageThroughTheWebServiceUnderTheStoresHostName(String values) {
        List<HasMetadata> objects = render(values);
        Job test = ofKind(objects, Job.class).stream().filter(j -> "test".equals(j.getMetadata().getLabels()
                .get("app.kubernetes.io/component"))).findFirst().orElseThrow();
        assertEquals("test", test.getMetadata().getAnnotations().get("helm.sh/hook"));
        assertEquals(0, test.getSpec().getBackoffLimit(), "a failed check is reported, not retried");
        assertTrue(test.getSpec().getActiveDeadlineSeconds() <= 120, "bounded below the platform's test timeout");
        Container check = test.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new java.util.HashMap<>();
        check.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        Service web = ofKind(objects, Service.class).stream()
                .filter(s -> "web".equals(s.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow();
        Ingress ingress = only(objects, Ingress.class);
        assertEquals(web.getMetadata().getName(), env.get("WEB_SERVICE"));
        assertEquals(ingress.getSpec().getRules().get(0).getHost(), env.get("STORE_HOST"));
        assertEquals(ingress.getSpec().getTls() == null || ingress.getSpec().getTls().isEmpty() ? "http" : "https",
                env.get("STORE_SCHEME"));
        String script = String.join("\n", check.getArgs());
        assertTrue(script.contains("check / \"storefront\""), script);
        assertTrue(script.contains("check /wp-login.php \"admin sign-in page\" 'id=\"loginform\"'"), script);
        // Deny by default: the test pod reaches the web pod only because same-namespace traffic is allowed.
        var sameNamespace = io.urumi.cluster.StoreObjects.networkPolicies("shop1", "ingress-nginx").stream()
                .filter(p -> p.getMetadata().getName().equals("allow-same-namespace")).findFirst().orElseThrow();
        assertTrue(sameNamespace.getSpec().getPodSelector().getMatchLabels() == null
                || sameNamespace.getSpec().getPodSelector().getMatchLabels().isEmpty(), "applies to every pod");
        assertTrue(sameNamespace.getSpec().getEgress().get(0).getTo().get(0).getPodSelector() != null,
                "egress to the namespace's pods");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "medusa-local", "medusa-production"})
    void everyPodMeetsTheRestrictedPodSecurityProfile(String values) {
        podTemplates(render(values)).forEach((owner, template) -> {
            PodSpec pod = template.getSpec();
            assertAll(owner,
                    () -> assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "automountServiceAccountToken"),
                    () -> assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), "pod runAsNonRoot"),
                    () -> assertTrue(pod.getSecurityContext().getRunAsUser() > 0, "pod runAsUser numeric non-root"),
                    () -> assertNotNull(pod.getSecurityContext().getFsGroup(), "fsGroup"),
                    () -> assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType()),
                    () -> assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), "no host network"),
                    () -> assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null), "no hostPath"));
            for (Container container : containers(pod)) {
                var security = container.getSecurityContext();
                assertAll(owner + " container " + container.getName(),
                        () -> assertNotNull(security, "securityContext"),
                        () -> assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), "runAsNonRoot"),
                        () -> assertTrue(security.getRunAsUser() > 0, "runAsUser"),
                        () -> assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation"),
                        () -> assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), "capabilities drop"),
                        () -> assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(),
                                "capabilities add"),
                        () -> assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem"),
                        () -> assertNull(security.getPrivileged(), "privileged"),
                        () -> assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), "seccomp"));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "medusa-local", "medusa-production"})
    void everyContainerDeclaresCpuAndMemoryRequestsAndLimits(String values) {
        podTemplates(render(values)).forEach((owner, template) -> {
            for (Container container : containers(template.getSpec())) {
                var resources = container.getResources();
                assertAll(owner + " container " + container.getName(),
                        () -> assertTrue(resources.getRequests().keySet().containsAll(Set.of("cpu", "memory")), "requests"),
                        () -> assertTrue(resources.getLimits().keySet().containsAll(Set.of("cpu", "memory")), "limits"));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "medusa-local", "medusa-production"})
    void passwordsReachContainersOnlyFromThePlatformSecret(String values) {
        List<HasMetadata> objects = render(values);
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Secret")), "the chart must not render a Secret");
        podTemplates(objects).forEach((owner, template) -> {
            for (Container container : containers(template.getSpec())) {
                for (EnvVar env : container.getEnv()) {
                    String where = owner + " " + container.getName() + " env " + env.getName();
                    if (env.getValueFrom() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertNotNull(ref, where + " reads only Secrets");
                        assertEquals(SECRET, ref.getName(), where);
                        assertTrue(SECRET_KEYS.contains(ref.getKey()), where + " uses a contract key: " + ref.getKey());
                    } else {
                        assertFalse(SECRET_LIKE_NAME.matcher(env.getName()).matches(), where + " is a literal secret");
                    }
                }
            }
        });
        List<String> secretEnv = podTemplates(objects).values().stream()
                .flatMap(t -> containers(t.getSpec()).stream())
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getValueFrom() != null)
                .map(EnvVar::getName)
                .toList();
        List<String> expected = values.startsWith(StoreChart.MEDUSA)
                ? List.of("POSTGRES_PASSWORD", "DB_PASSWORD", "JWT_SECRET", "COOKIE_SECRET", "ADMIN_PASSWORD")
                : List.of("WORDPRESS_DB_PASSWORD", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "ADMIN_PASSWORD");
        assertTrue(secretEnv.containsAll(expected), () -> "env vars from the Secret: " + secretEnv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "medusa-production"})
    void resourceRequestsFitTheStoreQuotaWithRoomForAnUpgrade(String values) {
        List<HasMetadata> objects = render(values);
        List<PodSpec> pods = podTemplates(objects).values().stream().map(t -> t.getSpec()).toList();
        BigDecimal requestsCpu = quota(pods, c -> c.getResources().getRequests().get("cpu"));
        BigDecimal requestsMemory = quota(pods, c -> c.getResources().getRequests().get("memory"));
        BigDecimal limitsCpu = quota(pods, c -> c.getResources().getLimits().get("cpu"));
        BigDecimal limitsMemory = quota(pods, c -> c.getResources().getLimits().get("memory"));
        BigDecimal storage = claims(objects).stream()
                .map(c -> Quantity.getAmountInBytes(c.getSpec().getResources().getRequests().get("storage")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        // Quota: requests 2 CPU / 4Gi, limits 4 CPU / 8Gi, 20Gi storage, 10 pods, 4 claims.
        // Half the request quota stays free so a rolling change and the hook Job always fit.
        assertAll(
                () -> assertTrue(requestsCpu.compareTo(BigDecimal.ONE) <= 0, "requests.cpu " + requestsCpu),
                () -> assertTrue(requestsMemory.compareTo(GI.multiply(BigDecimal.valueOf(2))) <= 0, "requests.memory " + requestsMemory),
                () -> assertTrue(limitsCpu.compareTo(BigDecimal.valueOf(4)) <= 0, "limits.cpu " + limitsCpu),
                () -> assertTrue(limitsMemory.compareTo(GI.multiply(BigDecimal.valueOf(8))) <= 0, "limits.memory " + limitsMemory),
                () -> assertTrue(storage.compareTo(GI.multiply(BigDecimal.valueOf(12))) <= 0, "requests.storage " + storage),
                () -> assertTrue(claims(objects).size() <= 4, "persistentvolumeclaims"),
                () -> assertTrue(podTemplates(objects).size() <= 10, "pods"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "medusa-local", "medusa-production"})
    void onlyApisServedByKubernetes120AreUsed(String values) {
        for (HasMetadata object : render(values)) {
            assertTrue(KUBERNETES_1_20_APIS.contains(object.getApiVersion()), StoreChart.key(object) + " " + object.getApiVersion());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "medusa-local"})
    void localIngressRoutesTheHostToTheWebServiceWithoutClassOrTls(String values) {
        List<HasMetadata> objects = render(values);
        Ingress ingress = only(objects, Ingress.class);
        assertEquals("shop1.127.0.0.1.nip.io", ingress.getSpec().getRules().get(0).getHost());
        assertNull(ingress.getSpec().getIngressClassName());
        assertTrue(ingress.getSpec().getTls() == null || ingress.getSpec().getTls().isEmpty());
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        Service web = service(objects, backend.getName());
        assertEquals("web", web.getSpec().getSelector().get("app.kubernetes.io/component"));
        assertEquals(backend.getPort().getName(), web.getSpec().getPorts().get(0).getName());
        Deployment server = ofKind(objects, Deployment.class).stream()
                .filter(d -> web.getSpec().getSelector().equals(d.getSpec().getSelector().getMatchLabels()))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment behind the web Service"));
        assertEquals("http", server.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getName());
    }

    @Test
    void productionIngressUsesItsClassTlsSecretAndCertManagerAnnotation() {
        Ingress ingress = only(render("production"), Ingress.class);
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals("shop1.stores.example.com", ingress.getSpec().getRules().get(0).getHost());
        assertEquals(1, ingress.getSpec().getTls().size());
        assertEquals("shop1-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals(List.of("shop1.stores.example.com"), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals("letsencrypt-prod", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
    }

    @Test
    void setupJobIsAHookThatFailsFastWithinItsDeadline() {
        Job job = setupJob(render("local"));
        assertEquals("post-install,post-upgrade", job.getMetadata().getAnnotations().get("helm.sh/hook"));
        assertEquals("before-hook-creation", job.getMetadata().getAnnotations().get("helm.sh/hook-delete-policy"));
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(480L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertTrue(env(job.getSpec().getTemplate().getSpec(), "STORE_URL").endsWith("://shop1.127.0.0.1.nip.io"));

        Job tuned = setupJob(render("local", Map.of("setup.backoffLimit", "2", "setup.activeDeadlineSeconds", "900")));
        assertEquals(2, tuned.getSpec().getBackoffLimit());
        assertEquals(900L, tuned.getSpec().getActiveDeadlineSeconds());
    }

    @Test
    void setupJobMountsTheWebVolumeOnTheWebPodsNode() {
        List<HasMetadata> objects = render("local");
        PodSpec web = only(objects, Deployment.class).getSpec().getTemplate().getSpec();
        PodSpec setup = setupJob(objects).getSpec().getTemplate().getSpec();
        assertEquals(claimNames(web), claimNames(setup));
        var affinity = setup.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertEquals(1, affinity.size());
        assertEquals("kubernetes.io/hostname", affinity.get(0).getTopologyKey());
        assertEquals(only(objects, Deployment.class).getSpec().getSelector().getMatchLabels(),
                affinity.get(0).getLabelSelector().getMatchLabels());
        assertEquals(web.getSecurityContext().getRunAsUser(), setup.getSecurityContext().getRunAsUser(),
                "WP-CLI writes files as the user Apache runs as");
    }

    @Test
    void wordpressServesOnThePortNamedHttpAndIsReplacedNotRolled() {
        List<HasMetadata> objects = render("local");
        Deployment deployment = only(objects, Deployment.class);
        Container wordpress = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("http", wordpress.getPorts().get(0).getName());
        assertTrue(wordpress.getPorts().get(0).getContainerPort() >= 1024, "a non-root Apache cannot bind below 1024");
        assertEquals("http", wordpress.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/healthz", wordpress.getReadinessProbe().getHttpGet().getPath(),
                "readiness outside WordPress, so no redirect or plugin can break it");
        assertNotNull(wordpress.getLivenessProbe());
        Service web = service(objects, "urumi-shop1-web");
        assertEquals(80, web.getSpec().getPorts().get(0).getPort());
        assertEquals("http", web.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals("ClusterIP", web.getSpec().getType());
    }

    @Test
    void mysqlRunsAsOneProbedStatefulReplicaBehindHeadlessAndClusterServices() {
        List<HasMetadata> objects = render("local");
        StatefulSet mysql = only(objects, StatefulSet.class);
        Container container = mysql.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(1, mysql.getSpec().getReplicas());
        assertEquals(1, mysql.getSpec().getVolumeClaimTemplates().size());
        assertNotNull(container.getReadinessProbe());
        assertNotNull(container.getLivenessProbe());
        assertEquals("None", service(objects, mysql.getSpec().getServiceName()).getSpec().getClusterIP());
        assertEquals(3306, service(objects, "urumi-shop1-mysql").getSpec().getPorts().get(0).getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", StoreChart.MEDUSA})
    void storageClassIsLeftToTheClusterDefaultUnlessGiven(String engine) {
        assertFalse(claims(render(engine + "local")).isEmpty());
        for (PersistentVolumeClaim claim : claims(render(engine + "local"))) {
            assertNull(claim.getSpec().getStorageClassName(), claim.getMetadata().getName());
        }
        for (PersistentVolumeClaim claim : claims(render(engine + "production"))) {
            assertEquals("fast-ssd", claim.getSpec().getStorageClassName(), claim.getMetadata().getName());
        }
    }

    @Test
    void setupConfigMapShipsTheScriptAndTheSampleProducts() {
        ConfigMap setup = ofKind(render("local"), ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("urumi-shop1-setup")).findFirst().orElseThrow();
        List<String> products = setup.getData().get("products.csv").lines().toList();
        assertEquals("name,sku,regular_price,description", products.get(0));
        assertTrue(products.size() - 1 >= 8, "sample products: " + (products.size() - 1));
        String script = setup.getData().get("setup.sh");
        assertTrue(script.contains("wp core is-installed"), "core install is skipped when done");
        assertTrue(script.contains("wp wc product create --user=\"$ADMIN_USER\""), "products go through WooCommerce");
        assertTrue(script.contains("--sku=\"$sku\" --format=ids"), "existing SKUs are skipped");
    }

    @Test
    void wooCommerceComesFromItsPinnedDownloadByDefaultOrFromAZipInTheSetupImageWithoutInternet() {
        Job download = setupJob(render("local"));
        assertEquals("https://downloads.wordpress.org/plugin/woocommerce.9.8.5.zip",
                env(download.getSpec().getTemplate().getSpec(), "WOOCOMMERCE_PLUGIN"));
        assertEquals("internet", download.getSpec().getTemplate().getMetadata().getLabels().get("urumi.io/egress"));

        Job offline = setupJob(render("local", Map.of("woocommerce.cli.woocommerce", "/opt/woocommerce.zip")));
        assertEquals("/opt/woocommerce.zip", env(offline.getSpec().getTemplate().getSpec(), "WOOCOMMERCE_PLUGIN"));
        assertNull(offline.getSpec().getTemplate().getMetadata().getLabels().get("urumi.io/egress"),
                "a plugin inside the image needs no internet, so the Job gets none");

        for (String bad : List.of("woocommerce", "ftp://mirror/woocommerce.zip", "opt/woocommerce.zip",
                "https://mirror/woocommerce.tar.gz")) {
            Exception error = assertThrows(Exception.class,
                    () -> StoreChart.template("local", Map.of("woocommerce.cli.woocommerce", bad)), bad);
            assertTrue(error.getMessage().contains("woocommerce"), error.getMessage());
        }
    }

    @Test
    void renderingWithoutTheCredentialsSecretFailsWithAClearMessage() {
        Exception error = assertThrows(Exception.class, () -> StoreChart.template("local", Map.of("existingSecret", "")));
        assertTrue(error.getMessage().contains("existingSecret is required"), error.getMessage());
    }

    @Test
    void schemaRejectsAStoreIdThatIsNotADnsLabel() {
        Exception error = assertThrows(Exception.class, () -> StoreChart.template("local", Map.of("store.id", "Shop_1")));
        assertTrue(error.getMessage().contains("store.id") || error.getMessage().contains("/store/id"), error.getMessage());
    }

    @Test
    void schemaRejectsAnAdminEmailThatWordPressWouldRefuse() {
        Exception error = assertThrows(Exception.class,
                () -> StoreChart.template("local", Map.of("store.adminEmail", "owner at example.com")));
        assertTrue(error.getMessage().contains("adminEmail"), error.getMessage());
    }

    @Test
    void schemaRejectsAnUnknownEngine() {
        Exception error = assertThrows(Exception.class, () -> StoreChart.template("local", Map.of("engine", "magento")));
        assertTrue(error.getMessage().contains("engine"), error.getMessage());
    }

    @Test
    void packagedChartStaysFarBelowTheReleaseRecordLimit(@TempDir Path out) throws IOException {
        new Helm(StoreChart.dir()).packageIt().withDestination(out).call();
        try (Stream<Path> files = Files.list(out)) {
            Path archive = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
            assertTrue(archive.getFileName().toString().matches("ecommerce-store-\\d+\\.\\d+\\.\\d+\\.tgz"),
                    archive.getFileName().toString());
            assertTrue(Files.size(archive) < 100 * 1024, "packaged size " + Files.size(archive));
        }
    }

    @Test
    void medusaPodsAreLabelledWithTheirComponentAndNoneMayReachTheInternet() {
        Map<String, PodTemplateSpec> pods = podTemplates(render("medusa-local"));
        assertEquals(Map.of("Deployment/urumi-shop1-medusa", "web", "StatefulSet/urumi-shop1-postgres", "database",
                        "Deployment/urumi-shop1-redis", "cache", "Job/urumi-shop1-setup", "setup"),
                pods.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().getMetadata().getLabels().get("app.kubernetes.io/component"))));
        pods.forEach((owner, pod) -> assertNull(pod.getMetadata().getLabels().get("urumi.io/egress"),
                owner + ": Medusa's setup downloads nothing, so no pod gets internet egress"));
    }

    @Test
    void medusaServerConnectsToItsOwnPostgresAndRedisAndReadsEverySecretFromTheSecret() {
        List<HasMetadata> objects = render("medusa-local");
        Deployment server = deployment(objects, "urumi-shop1-medusa");
        Container medusa = server.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("urumi/medusa-store:2.21.2", medusa.getImage());
        assertEquals(List.of("node_modules/.bin/medusa", "start"), medusa.getCommand());
        assertEquals("Recreate", server.getSpec().getStrategy().getType(), "the uploads volume is ReadWriteOnce");
        assertEquals("http", medusa.getPorts().get(0).getName());
        assertEquals(9000, medusa.getPorts().get(0).getContainerPort());
        assertEquals("/health", medusa.getReadinessProbe().getHttpGet().getPath());
        List<String> names = medusa.getEnv().stream().map(EnvVar::getName).toList();
        assertTrue(names.indexOf("DB_PASSWORD") >= 0 && names.indexOf("DB_PASSWORD") < names.indexOf("DATABASE_URL"),
                "Kubernetes expands $(DB_PASSWORD) only when it is defined earlier: " + names);
        assertEquals("postgres://medusa:$(DB_PASSWORD)@urumi-shop1-postgres:5432/medusa?sslmode=disable",
                env(medusa, "DATABASE_URL"), "the store's PostgreSQL serves no TLS, which Medusa asks for unless told");
        assertEquals("redis://urumi-shop1-redis:6379", env(medusa, "REDIS_URL"));
        assertEquals("http://shop1.127.0.0.1.nip.io", env(medusa, "STORE_CORS"));
        assertEquals("http://shop1.127.0.0.1.nip.io", env(medusa, "ADMIN_CORS"));
        assertEquals("http://shop1.127.0.0.1.nip.io", env(medusa, "AUTH_CORS"));
        assertEquals("jwt-secret", medusa.getEnv().get(names.indexOf("JWT_SECRET")).getValueFrom().getSecretKeyRef().getKey());
        assertEquals("cookie-secret",
                medusa.getEnv().get(names.indexOf("COOKIE_SECRET")).getValueFrom().getSecretKeyRef().getKey());
        assertEquals(5432, service(objects, "urumi-shop1-postgres").getSpec().getPorts().get(0).getPort());
        assertEquals("database", service(objects, "urumi-shop1-postgres").getSpec().getSelector()
                .get("app.kubernetes.io/component"));
        assertEquals(6379, service(objects, "urumi-shop1-redis").getSpec().getPorts().get(0).getPort());
        assertEquals("cache", service(objects, "urumi-shop1-redis").getSpec().getSelector()
                .get("app.kubernetes.io/component"));
        assertEquals("https://shop1.stores.example.com", env(deployment(render("medusa-production"),
                "urumi-shop1-medusa").getSpec().getTemplate().getSpec().getContainers().get(0), "STORE_CORS"));
    }

    @Test
    void medusaPostgresRunsAsOneProbedStatefulReplicaWithItsOwnClaim() {
        List<HasMetadata> objects = render("medusa-local");
        StatefulSet postgres = only(objects, StatefulSet.class);
        Container container = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("urumi-shop1-postgres", postgres.getMetadata().getName());
        assertEquals(1, postgres.getSpec().getReplicas());
        assertEquals(List.of("data"), postgres.getSpec().getVolumeClaimTemplates().stream()
                .map(c -> c.getMetadata().getName()).toList());
        assertEquals("postgres:17", container.getImage());
        assertEquals(List.of("pg_isready", "--host=127.0.0.1", "--username=medusa", "--dbname=medusa"),
                container.getReadinessProbe().getExec().getCommand());
        assertEquals("db-password", container.getEnv().stream().filter(e -> e.getName().equals("POSTGRES_PASSWORD"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getKey());
        assertEquals("None", service(objects, postgres.getSpec().getServiceName()).getSpec().getClusterIP());
        assertEquals(Set.of("urumi-shop1-medusa-uploads", "data"),
                claims(objects).stream().map(c -> c.getMetadata().getName()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void medusaSetupJobRunsTheServerImagesCliAsAHook() {
        List<HasMetadata> objects = render("medusa-local");
        Job job = only(objects, Job.class);
        assertEquals("post-install,post-upgrade", job.getMetadata().getAnnotations().get("helm.sh/hook"));
        assertEquals(0, job.getSpec().getBackoffLimit());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container setup = pod.getContainers().get(0);
        Container server = deployment(objects, "urumi-shop1-medusa").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals(server.getImage(), setup.getImage(), "the CLI comes with the server it sets up");
        assertEquals(server.getWorkingDir(), setup.getWorkingDir());
        assertEquals(List.of("/bin/sh", "/setup/setup.sh"), setup.getCommand());
        assertEquals("owner@example.com", env(setup, "ADMIN_EMAIL"));
        assertEquals("eur", env(setup, "STORE_CURRENCY"));
        assertEquals(env(server, "DATABASE_URL"), env(setup, "DATABASE_URL"));

        ConfigMap files = ofKind(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("urumi-shop1-setup")).findFirst().orElseThrow();
        assertEquals(Set.of("setup.sh", "seed.js", "products.json"), files.getData().keySet());
        String script = files.getData().get("setup.sh");
        assertTrue(script.contains("medusa db:migrate"), "migrations through Medusa's CLI");
        assertTrue(script.contains("medusa exec /setup/seed.js /setup/products.json"), "seed through medusa exec");
        assertTrue(script.indexOf("db:migrate") < script.indexOf("medusa exec"), "migrate, then seed");
        assertFalse(script.matches("(?s).*\\$\\{?ADMIN_PASSWORD.*"), "the admin password is on no command line: " + script);
        String seed = files.getData().get("seed.js");
        assertTrue(seed.contains("createRegionsWorkflow") && seed.contains("createProductsWorkflow"), seed);
        assertTrue(seed.contains("listProducts({ handle:"), "existing products are skipped");
        assertTrue(seed.contains("env(\"ADMIN_PASSWORD\")") && seed.contains("auth.register(ADMIN_AUTH"),
                "the admin user is made as medusa user makes it, with the password from the Secret's env var");
        assertTrue(seed.contains("module.exports = { default: seed };"),
                "a default export that has no default of its own: medusa exec unwraps defaults recursively");
    }

    @Test
    void medusaSampleProductsHaveUniqueHandlesAndSkusAndAPrice() throws IOException {
        var products = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(StoreChart.dir().resolve("files/medusa/products.json").toFile());
        assertTrue(products.size() >= 8, "sample products: " + products.size());
        Set<String> handles = new java.util.HashSet<>();
        Set<String> skus = new java.util.HashSet<>();
        for (var product : products) {
            assertTrue(handles.add(product.path("handle").asText()), "duplicate handle " + product);
            assertTrue(skus.add(product.path("sku").asText()), "duplicate sku " + product);
            assertTrue(product.path("handle").asText().matches("[a-z0-9]+(-[a-z0-9]+)*"), product.toString());
            assertTrue(product.path("price").isNumber() && product.path("price").asDouble() > 0, product.toString());
            assertFalse(product.path("title").asText().isBlank(), product.toString());
        }
    }

    /**
     * NetworkPolicies are stored but not enforced on the local control plane (no CNI), so this evaluates them: the
     * platform's policies let the Medusa server reach PostgreSQL and Redis, and admit nothing from outside the
     * namespace to them.
     */
    @Test
    void medusaDatabaseAndRedisAreReachableOnlyFromInsideTheNamespace() {
        Map<String, PodTemplateSpec> pods = podTemplates(render("medusa-local"));
        var policies = StoreObjects.networkPolicies("shop1", "ingress-nginx");
        for (String backend : List.of("StatefulSet/urumi-shop1-postgres", "Deployment/urumi-shop1-redis")) {
            Map<String, String> labels = pods.get(backend).getMetadata().getLabels();
            var admitting = policies.stream()
                    .filter(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty())
                    .filter(p -> selects(p.getSpec().getPodSelector().getMatchLabels(), labels)).toList();
            assertFalse(admitting.isEmpty(), backend + " must be reachable from the server");
            admitting.forEach(p -> p.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> assertAll(
                    backend + " via " + p.getMetadata().getName(),
                    () -> assertNull(peer.getNamespaceSelector(), "no other namespace"),
                    () -> assertNull(peer.getIpBlock(), "no address range"),
                    () -> assertNotNull(peer.getPodSelector(), "pods of this namespace")))));
        }
        Map<String, String> server = pods.get("Deployment/urumi-shop1-medusa").getMetadata().getLabels();
        assertTrue(policies.stream().anyMatch(p -> p.getSpec().getEgress() != null
                && selects(p.getSpec().getPodSelector().getMatchLabels(), server)
                && p.getSpec().getEgress().stream().anyMatch(rule -> rule.getTo().stream().anyMatch(peer ->
                        peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                                && peer.getIpBlock() == null))), "the server may reach pods of its namespace");
    }

    @Test
    void schemaRejectsMedusaSettingsItCannotUse() {
        Exception currency = assertThrows(Exception.class,
                () -> StoreChart.template("medusa-local", Map.of("medusa.setup.currency", "EURO")));
        assertTrue(currency.getMessage().contains("currency"), currency.getMessage());
        Exception mode = assertThrows(Exception.class,
                () -> StoreChart.template("medusa-local", Map.of("medusa.server.workerMode", "both")));
        assertTrue(mode.getMessage().contains("workerMode"), mode.getMessage());
    }

    @Test
    void medusaObjectsCarryTheServersVersionAndWooCommerceObjectsTheChartsAppVersion() {
        render("medusa-local").forEach(o -> assertEquals("2.21.2",
                o.getMetadata().getLabels().get("app.kubernetes.io/version"), StoreChart.key(o)));
        render("local").forEach(o -> assertEquals("6.8",
                o.getMetadata().getLabels().get("app.kubernetes.io/version"), StoreChart.key(o)));
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector == null || selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return ofKind(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    private static Service service(List<HasMetadata> objects, String name) {
        return ofKind(objects, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name));
    }

    private static Set<String> claimNames(PodSpec pod) {
        return pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(Volume::getPersistentVolumeClaim)
                .map(c -> c.getClaimName())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String env(PodSpec pod, String name) {
        return pod.getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElseThrow();
    }

    /**
     * What the pods count against a ResourceQuota, as Kubernetes counts it: per pod the larger of its biggest init
     * container and the sum of its app containers (init containers run one at a time, before the app containers).
     */
    private static BigDecimal quota(List<PodSpec> pods, Function<Container, Quantity> quantity) {
        return pods.stream().map(pod -> sum(pod.getContainers(), quantity).max(pod.getInitContainers().stream()
                .map(quantity).map(Quantity::getAmountInBytes).reduce(BigDecimal.ZERO, BigDecimal::max)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal sum(List<Container> containers, Function<Container, Quantity> quantity) {
        return containers.stream().map(quantity).map(Quantity::getAmountInBytes).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The setup Job (the other Job of the chart is its Helm test). */
    private static Job setupJob(List<HasMetadata> objects) {
        return ofKind(objects, Job.class).stream()
                .filter(j -> "setup".equals(j.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow();
    }

    private static void assertHasLabels(String where, Map<String, String> actual, Map<String, String> expected) {
        assertNotNull(actual, where + " has no labels");
        expected.forEach((key, value) -> assertEquals(value, actual.get(key), where + " label " + key));
    }

    private static void assertHasFullLabelSet(String where, Map<String, String> labels) {
        for (String key : List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                "helm.sh/chart", "app.kubernetes.io/component")) {
            assertTrue(labels.containsKey(key), where + " lacks " + key);
        }
        assertEquals(StoreChart.RELEASE, labels.get("app.kubernetes.io/instance"), where);
    }
}
