package io.urumi.web;

import io.javalin.Javalin;
import java.util.Comparator;
import java.util.List;

/**
 * Every HTTP route the app declares, read from Javalin's own router: what the OpenAPI description is checked
 * against, and what access rules must cover, so a new route cannot slip past either.
 */
public final class Routes {
    /** One declared route: an HTTP method and a path template such as {@code /api/stores/{id}}. */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private Routes() {
    }

    /** Method and path of every endpoint (before/after filters, static files and error handlers are not routes). */
    public static List<Route> declared(Javalin app) {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.getEndpoint())
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> new Route(endpoint.getMethod().name(), endpoint.getPath()))
                .sorted(Comparator.comparing(Route::path).thenComparing(Route::method))
                .toList();
    }
}
