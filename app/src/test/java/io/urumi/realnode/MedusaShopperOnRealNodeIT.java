package io.urumi.realnode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.urumi.support.Api;
import io.urumi.support.LocalCluster;
import io.urumi.support.Repo;
import io.urumi.support.TestPlatform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows on the real node that a Medusa store Urumi made sells: its owner gets the publishable key, a shopper lists the
 * seeded products, fills a cart and completes it with the manual payment provider through the store's Service, the
 * owner sees the order in the admin API with the credentials the platform reveals, and the order and the key survive
 * a restart, an upgrade to another chart version and a rollback; deleting the store leaves nothing behind.
 */
class MedusaShopperOnRealNodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = "real-medusa";
    private static final String NEXT = "9.9.9";
    @TempDir
    Path data;
    @TempDir
    Path charts;

    @Test
    void aShopperPlacesAnOrderThatOutlivesRestartUpgradeAndRollback() throws Exception {
        LocalCluster.assumeRealNode();
        LocalCluster cluster = LocalCluster.realNode();
        KubernetesClient kube = cluster.client();
        try (TestPlatform platform = TestPlatform.start(cluster, data, Map.of(
                "URUMI_STORE_VALUES", cluster.storeValues(), "URUMI_BASE_DOMAIN", "localhost", "URUMI_NAMESPACE_DELETE_TIMEOUT_SECONDS", "300",
                "URUMI_PROVISIONING_TIMEOUT_SECONDS", "480", "URUMI_CHART_CATALOG_DIR", catalog().toString()))) {
            Api api = platform.api();
            long start = System.nanoTime();
            assertEquals(202, api.createStore(STORE, "medusa").status());
            awaitOperation(api, "CREATE");
            System.out.printf("medusa store READY on the real node in %d s%n", (System.nanoTime() - start) / 1_000_000_000);
            JsonNode store = api.get("/api/stores/" + STORE).json();
            String key = store.path("publishableKey").asText();
            assertTrue(key.startsWith("pk_"), "the owner is given the storefront's key: " + store);
            String setupMessage = api.get("/api/stores/" + STORE + "/events").json().path("events").findValues("message")
                    .stream().map(JsonNode::asText).filter(m -> m.startsWith("Setup job")).findFirst().orElseThrow();
            assertTrue(setupMessage.startsWith("Setup job completed in a real container (containerd)"), setupMessage);

            Storefront shop = new Storefront(serviceUrl(kube), key);
            long order = System.nanoTime();
            String orderId = shop.placeOrder();
            System.out.printf("order %s placed in %d ms%n", orderId, (System.nanoTime() - order) / 1_000_000);
            JsonNode credentials = api.postJson("/api/stores/" + STORE + "/credentials", "").json();
            assertTrue(shop.adminSeesOrder("owner@example.com", credentials.path("adminPassword").asText(), orderId),
                    "the owner signs in with the revealed credentials and sees the order");
            String viaIngress = PlatformOnRealNodeIT.httpGet(STORE + ".localhost", "/health");
            assertTrue(viaIngress.startsWith("HTTP/1.1 200"), "the store's own address answers: " + viaIngress);

            assertEquals(202, api.postJson("/api/stores/" + STORE + "/restart", "").status());
            awaitOperation(api, "RESTART");
            assertStillSelling(kube, key, credentials, orderId, "after a restart");

            assertEquals(202, api.postJson("/api/stores/" + STORE + "/upgrade",
                    "{\"chartVersion\":\"" + NEXT + "\"}").status());
            awaitOperation(api, "UPGRADE");
            assertEquals(NEXT, api.get("/api/stores/" + STORE).json().path("chartVersion").asText());
            assertStillSelling(kube, key, credentials, orderId, "after an upgrade to " + NEXT);

            assertEquals(202, api.postJson("/api/stores/" + STORE + "/rollback", "{\"revision\":1}").status());
            awaitOperation(api, "ROLLBACK");
            assertEquals(Repo.currentChartVersion(), api.get("/api/stores/" + STORE).json().path("chartVersion")
                    .asText());
            assertStillSelling(kube, key, credentials, orderId, "after the rollback to revision 1");

            assertEquals(202, api.delete("/api/stores/" + STORE).status());
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "DELETED".equals(api.state(STORE)));
            assertNull(kube.namespaces().withName("store-" + STORE).get(), "its namespace is gone");
            await().atMost(Duration.ofMinutes(1)).until(() -> kube.persistentVolumes().list().getItems().stream()
                    .noneMatch(v -> v.getSpec().getClaimRef() != null
                            && ("store-" + STORE).equals(v.getSpec().getClaimRef().getNamespace())));
            assertTrue(Helm.list().withKubeConfig(cluster.kubeconfig()).allNamespaces().call().stream()
                    .noneMatch(r -> r.getName().equals("urumi-" + STORE)), "its release is gone");
        }
    }

    /** The data lives on the store's volumes, not in its pods: the order and the key outlive new pods. */
    private static void assertStillSelling(KubernetesClient kube, String key, JsonNode credentials, String orderId,
                                           String when) throws Exception {
        Storefront shop = new Storefront(serviceUrl(kube), key);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> shop.productCount() == 8);
        assertTrue(shop.adminSeesOrder("owner@example.com", credentials.path("adminPassword").asText(), orderId),
                "the order is still there " + when);
    }

    /** Waits for the store's last operation of this type to succeed; one that fails ends the test with its reason. */
    private static void awaitOperation(Api api, String type) {
        await().atMost(Duration.ofMinutes(9)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode s = api.get("/api/stores/" + STORE).json();
            JsonNode op = s.path("lastOperation");
            if ("FAILED".equals(s.path("state").asText()) || "FAILED".equals(op.path("outcome").asText())
                    || "FAILED".equals(op.path("status").asText())) {
                throw new AssertionError(type + " failed: " + s.toPrettyString());
            }
            return type.equals(op.path("type").asText()) && "SUCCEEDED".equals(op.path("status").asText())
                    && "READY".equals(s.path("state").asText());
        });
    }

    private static String serviceUrl(KubernetesClient kube) {
        return "http://" + kube.services().inNamespace("store-" + STORE).withLabel("app.kubernetes.io/component", "web")
                .list().getItems().get(0).getSpec().getClusterIP();
    }

    /** The published versions plus the current chart packaged again as {@value #NEXT}: an upgrade target. */
    private Path catalog() throws IOException {
        Path catalog = Files.createDirectories(charts.resolve("catalog"));
        try (Stream<Path> published = Files.list(Repo.root().resolve("charts/catalog"))) {
            for (Path tgz : published.toList()) {
                Files.copy(tgz, catalog.resolve(tgz.getFileName()));
            }
        }
        new Helm(Repo.copyCurrentChartAs(NEXT, charts.resolve("next"))).packageIt().withDestination(catalog).call();
        return catalog;
    }

    /** What a storefront does over Medusa's store API, with only the publishable key. */
    private record Storefront(String base, String key) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        int productCount() throws Exception {
            return call("GET", "/store/products", null, null).path("count").asInt();
        }

        String placeOrder() throws Exception {
            JsonNode region = call("GET", "/store/regions", null, null).path("regions").get(0);
            assertTrue(region.path("countries").toString().contains("\"iso_2\":\"de\""), region.toString());
            JsonNode products = call("GET", "/store/products", null, null);
            assertEquals(8, products.path("count").asInt(), "the seeded products are listed");
            String variant = products.path("products").get(0).path("variants").get(0).path("id").asText();

            String cart = call("POST", "/store/carts", "{\"region_id\":\"" + region.path("id").asText() + "\"}", null)
                    .path("cart").path("id").asText();
            JsonNode withItem = call("POST", "/store/carts/" + cart + "/line-items",
                    "{\"variant_id\":\"" + variant + "\",\"quantity\":2}", null).path("cart");
            assertEquals(2, withItem.path("items").get(0).path("quantity").asInt());
            String address = "{\"first_name\":\"Erika\",\"last_name\":\"Mustermann\",\"address_1\":\"Hauptstrasse 1\","
                    + "\"city\":\"Berlin\",\"postal_code\":\"10115\",\"country_code\":\"de\"}";
            call("POST", "/store/carts/" + cart, "{\"email\":\"shopper@example.com\",\"shipping_address\":" + address
                    + ",\"billing_address\":" + address + "}", null);
            JsonNode option = call("GET", "/store/shipping-options?cart_id=" + cart, null, null)
                    .path("shipping_options").get(0);
            assertEquals("Standard shipping", option.path("name").asText(), option.toString());
            call("POST", "/store/carts/" + cart + "/shipping-methods",
                    "{\"option_id\":\"" + option.path("id").asText() + "\"}", null);
            String collection = call("POST", "/store/payment-collections", "{\"cart_id\":\"" + cart + "\"}", null)
                    .path("payment_collection").path("id").asText();
            call("POST", "/store/payment-collections/" + collection + "/payment-sessions",
                    "{\"provider_id\":\"pp_system_default\"}", null);
            JsonNode done = call("POST", "/store/carts/" + cart + "/complete", "", null);
            assertEquals("order", done.path("type").asText(), done.toString());
            assertEquals("shopper@example.com", done.path("order").path("email").asText());
            return done.path("order").path("id").asText();
        }

        boolean adminSeesOrder(String email, String password, String orderId) throws Exception {
            String token = call("POST", "/auth/user/emailpass", JSON.writeValueAsString(Map.of("email", email,
                    "password", password)), null).path("token").asText();
            return call("GET", "/admin/orders?fields=id,email", null, token).path("orders").toString()
                    .contains("\"" + orderId + "\"");
        }

        private JsonNode call(String method, String path, String body, String bearer) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).header("x-publishable-api-key", key);
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }
}
