package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI description served at /api/openapi.json matches the router exactly: every declared API route
 * (under /api, /health and /metrics) is described, and every described route is declared. Pages are HTML, not
 * part of the REST API, and are left out on purpose.
 */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private Platform platform;
    private Api api;

    @BeforeAll
    void connect(Platform platform, Api admin) {
        this.platform = platform;
        this.api = admin;
    }

    @Test
    void everyApiRouteOfTheRouterIsDescribedAndEveryDescribedRouteExists() {
        Set<String> declared = platform.routes().stream().filter(r -> isApi(r.path()))
                .map(r -> r.method() + " " + r.path()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>();
        JsonNode paths = document().path("paths");
        paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                described.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));

        assertTrue(declared.size() > 20, "the router lists the app's routes: " + declared);
        assertEquals(declared, described, "routes in the router vs. in openapi.yaml");
    }

    @Test
    void theDescriptionIsAValidOpenApi3Document() {
        Api.Response response = api.get("/api/openapi.json");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("application/json"));
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.raw().body());
        assertTrue(parsed.getMessages().isEmpty(), () -> String.join("\n", parsed.getMessages()));
        assertEquals("3.0.3", parsed.getOpenAPI().getOpenapi());
    }

    private JsonNode document() {
        return api.get("/api/openapi.json").json();
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics");
    }
}
