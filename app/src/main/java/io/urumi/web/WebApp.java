package io.urumi.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.rendering.template.JavalinJte;
import io.urumi.error.PlatformException;
import io.urumi.store.FleetService;
import io.urumi.store.StoreService;
import io.urumi.ui.ActivityPage;
import io.urumi.ui.Csrf;
import io.urumi.ui.ErrorPages;
import io.urumi.ui.FleetPage;
import io.urumi.ui.PageRenderer;
import io.urumi.ui.PlatformHealth;
import io.urumi.ui.ReleasePages;
import io.urumi.ui.StorePages;
import io.urumi.ui.StoreViews;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the platform: every route, page and API, is declared here; every error becomes a clear JSON
 * answer on the API and an error page everywhere else.
 */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final long MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private WebApp() {
    }

    public static Javalin create(StoreService stores, FleetService fleets, StoreViews views, ObjectMapper mapper,
                                 String baseDomain, PlatformHealth platformHealth,
                                 Supplier<List<String>> orphanNamespaces) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            // Templates were compiled into classes at build time (jte-maven-plugin): no compiler at run time.
            config.fileRenderer(new JavalinJte(TemplateEngine.createPrecompiled(ContentType.Html)));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        });
        StoreApi api = new StoreApi(stores, mapper, baseDomain);
        FleetApi fleetApi = new FleetApi(fleets, mapper);
        Csrf csrf = Csrf.withCookie();
        PageRenderer renderer = new PageRenderer(csrf, platformHealth);
        ErrorPages errorPages = new ErrorPages(renderer);
        StorePages pages = new StorePages(stores, views, renderer, Actors::of);
        ReleasePages releasePages = new ReleasePages(stores, views, renderer, Actors::of);
        ActivityPage activity = new ActivityPage(views, renderer);
        FleetPage fleetPage = new FleetPage(fleets, renderer, Actors::of, Clock.systemUTC());
        app.before(ctx -> ctx.header("X-Request-Id", UUID.randomUUID().toString()));
        // Every state-changing page request is checked in this one place; the API is safe from forged forms
        // because it only accepts application/json bodies, which a cross-site form cannot send.
        app.before(ctx -> {
            if (!SAFE_METHODS.contains(ctx.method().name()) && ErrorPages.isPage(ctx)) {
                csrf.verify(ctx);
            }
        });

        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> health(ctx, platformHealth.check(), platformHealth.leader()));

        app.get("/", pages::list);
        app.get("/fragments/stores", pages::listFragment);
        app.get("/stores/new", pages::newForm);
        app.post("/stores", pages::create);
        app.get("/stores/{id}", pages::show);
        app.get("/fragments/stores/{id}", pages::showFragment);
        app.post("/stores/{id}/reveal", pages::reveal);
        app.post("/stores/{id}/retry", pages::retry);
        app.get("/stores/{id}/delete", pages::deleteForm);
        app.post("/stores/{id}/delete", pages::delete);
        app.get("/stores/{id}/upgrade", releasePages::previewUpgrade);
        app.post("/stores/{id}/upgrade", releasePages::upgrade);
        app.get("/stores/{id}/rollback", releasePages::confirmRollback);
        app.post("/stores/{id}/rollback", releasePages::rollback);
        app.get("/stores/{id}/compare", releasePages::compare);
        app.get("/activity", activity::show);
        app.get("/fleet", fleetPage::show);
        app.post("/fleet", fleetPage::start);

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
        app.post("/api/fleet-upgrades", fleetApi::start);
        app.get("/api/fleet-upgrades", fleetApi::list);
        app.get("/api/fleet-upgrades/{id}", fleetApi::get);
        app.get("/api/reconciler/orphans", ctx -> ctx.json(Map.of("orphans", orphanNamespaces.get())));

        Errors errors = new Errors(errorPages);
        app.exception(PlatformException.class, (e, ctx) -> errors.send(ctx, status(e.kind()), e.code(),
                e.getMessage(), e.field()));
        app.exception(HttpResponseException.class, (e, ctx) -> errors.send(ctx, e.getStatus(),
                HttpStatus.forStatus(e.getStatus()).name().toLowerCase(),
                e.getStatus() == 404 && ErrorPages.isPage(ctx) ? ErrorPages.NO_SUCH_PAGE : e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            errors.send(ctx, 500, "internal_error", "Something went wrong on our side. Request id: "
                    + ctx.res().getHeader("X-Request-Id"), null);
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                errors.send(ctx, 404, "not_found", ErrorPages.isPage(ctx) ? ErrorPages.NO_SUCH_PAGE
                        : "No such page or API route.", null);
            }
        });
        app.error(405, ctx -> errors.send(ctx, 405, "method_not_allowed",
                "This route does not accept " + ctx.method(), null));
        return app;
    }

    /** A follower is as ready as the leader: every replica serves. {@code leader} says which one runs the workers. */
    private static void health(Context ctx, PlatformHealth.Status status, boolean leader) {
        boolean up = status.up();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN",
                "database", status.database() ? "UP" : "DOWN", "cluster", status.cluster() ? "UP" : "DOWN",
                "leader", leader ? "yes" : "no"));
    }

    private static int status(PlatformException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    /** Sends an error as a page on page routes and as JSON on the API. */
    private record Errors(ErrorPages pages) {
        void send(Context ctx, int status, String code, String message, String field) {
            if (ErrorPages.isPage(ctx)) {
                pages.render(ctx, status, message);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code);
            body.put("message", message);
            if (field != null) {
                body.put("field", field);
            }
            ctx.status(status).json(body);
        }
    }
}
