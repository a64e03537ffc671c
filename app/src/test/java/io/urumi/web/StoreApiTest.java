package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.config.Config;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import io.urumi.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Functional tier: the HTTP app with its real database refuses bad input clearly and records nothing.
 * The cluster is an address where nothing listens, so any request that got through would show up as a store.
 */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreApiTest {
    private Api api;

    @BeforeAll
    void connect(Api admin) {
        this.api = admin;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            uppercase name        | {"name":"My-Shop","engine":"woocommerce","adminEmail":"a@example.com"}  | name
            underscore name       | {"name":"my_shop","engine":"woocommerce","adminEmail":"a@example.com"}  | name
            too long name         | {"name":"abcdefghijabcdefghijabcdefghijk","engine":"woocommerce","adminEmail":"a@example.com"} | name
            reserved name         | {"name":"kube-system","engine":"woocommerce","adminEmail":"a@example.com"} | name
            markup name           | {"name":"<script>alert(1)</script>","engine":"woocommerce","adminEmail":"a@example.com"} | name
            missing name          | {"engine":"woocommerce","adminEmail":"a@example.com"}                   | name
            number name           | {"name":42,"engine":"woocommerce","adminEmail":"a@example.com"}         | name
            unknown engine        | {"name":"my-shop","engine":"shopify","adminEmail":"a@example.com"}      | engine
            missing engine        | {"name":"my-shop","adminEmail":"a@example.com"}                         | engine
            missing email         | {"name":"my-shop","engine":"woocommerce"}                               | adminEmail
            malformed email       | {"name":"my-shop","engine":"woocommerce","adminEmail":"not-an-email"}   | adminEmail
            unknown field         | {"name":"my-shop","engine":"woocommerce","adminEmail":"a@example.com","size":"xl"} | size
            malformed JSON        | {"name":"my-shop",                                                      | body
            JSON that is an array | ["my-shop"]                                                             | body
            """)
    void badCreateRequestsAreRefusedWith400NamingTheFieldAndRecordNothing(String label, String body, String field) {
        Api.Response response = api.postJson("/api/stores", body);
        assertEquals(400, response.status(), response.raw().body());
        assertEquals(field, response.json().path("field").asText());
        assertFalse(response.json().path("message").asText().isBlank());
        assertNoStackTrace(response);
        assertNothingRecorded();
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        Api.Response response = api.post("/api/stores", "application/x-www-form-urlencoded", "name=my-shop");
        assertEquals(415, response.status());
        assertTrue(response.json().path("message").asText().contains("application/json"));
        assertNothingRecorded();
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String huge = "{\"name\":\"my-shop\",\"engine\":\"woocommerce\",\"adminEmail\":\"a@example.com\",\"x\":\""
                + "a".repeat(64 * 1024) + "\"}";
        Api.Response response = api.postJson("/api/stores", huge);
        assertEquals(413, response.status(), response.raw().body());
        assertNoStackTrace(response);
        assertNothingRecorded();
    }

    @Test
    void unknownStoresAre404ForEveryVerb() {
        assertEquals(404, api.get("/api/stores/nope-shop").status());
        assertEquals(404, api.get("/api/stores/nope-shop/events").status());
        assertEquals(404, api.delete("/api/stores/nope-shop").status());
        Api.Response retry = api.postJson("/api/stores/nope-shop/retry", "");
        assertEquals(404, retry.status());
        assertTrue(retry.json().path("message").asText().contains("nope-shop"));
        assertEquals(404, api.get("/api/nothing-here").status());
    }

    @Test
    void aSecondStoreWithATakenNameIsAConflict() {
        assertEquals(202, api.createStore("dup-shop").status());
        Api.Response again = api.createStore("dup-shop");
        assertEquals(409, again.status());
        assertEquals("store_exists", again.json().path("error").asText());
        assertNoStackTrace(again);
    }

    @Test
    void fiftyConcurrentCreatesOfOneNameMakeExactlyOneStoreAndTheRestAre409() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> api.createStore("race-shop").status()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
            assertEquals(49, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertNothingRecorded() {
        assertTrue(api.get("/api/stores?includeDeleted=true").json().path("stores").findValues("id").stream()
                .allMatch(id -> List.of("dup-shop", "race-shop").contains(id.asText())),
                "no store was recorded by a refused request");
    }

    private static void assertNoStackTrace(Api.Response response) {
        String body = response.raw().body();
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("at io."), body);
    }
}
