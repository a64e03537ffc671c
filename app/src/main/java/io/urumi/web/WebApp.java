package io.urumi.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.urumi.error.PlatformException;
import io.urumi.store.StoreService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of the platform: every route is declared here, and every error becomes a clear JSON answer. */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final long MAX_BODY_BYTES = 16 * 1024;

    private WebApp() {
    }

    public static Javalin create(StoreService stores, ObjectMapper mapper, String baseDomain,
                                 BooleanSupplier databaseUp, BooleanSupplier clusterUp,
                                 Supplier<List<String>> orphanNamespaces) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
        });
        StoreApi api = new StoreApi(stores, mapper, baseDomain);
        app.before(ctx -> ctx.header("X-Request-Id", UUID.randomUUID().toString()));

        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> health(ctx, databaseUp.getAsBoolean(), clusterUp.getAsBoolean()));

        app.post("/api/stores", api::create);
        app.get("/api/stores", api::list);
        app.get("/api/stores/{id}", api::get);
        app.delete("/api/stores/{id}", api::delete);
        app.get("/api/stores/{id}/events", api::events);
        app.post("/api/stores/{id}/retry", api::retry);
        app.get("/api/stores/{id}/revisions", api::revisions);
        app.get("/api/stores/{id}/revisions/diff", api::diff);
        app.get("/api/stores/{id}/upgrade-preview", api::upgradePreview);
        app.post("/api/stores/{id}/upgrade", api::upgrade);
        app.post("/api/stores/{id}/rollback", api::rollback);
        app.get("/api/charts", api::charts);
        app.get("/api/reconciler/orphans", ctx -> ctx.json(Map.of("orphans", orphanNamespaces.get())));

        app.exception(PlatformException.class, (e, ctx) -> error(ctx, status(e.kind()), e.code(), e.getMessage(),
                e.field()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                HttpStatus.forStatus(e.getStatus()).name().toLowerCase(), e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "Something went wrong on our side. Request id: "
                    + ctx.res().getHeader("X-Request-Id"), null);
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "not_found", "No such page or API route.", null);
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method_not_allowed", "This route does not accept " + ctx.method(), null));
        return app;
    }

    private static void health(Context ctx, boolean database, boolean cluster) {
        boolean up = database && cluster;
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN",
                "database", database ? "UP" : "DOWN", "cluster", cluster ? "UP" : "DOWN"));
    }

    private static int status(PlatformException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).json(body);
    }
}
