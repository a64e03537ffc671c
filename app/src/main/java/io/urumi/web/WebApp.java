package io.urumi.web;

import static io.urumi.web.Access.ADMIN;
import static io.urumi.web.Access.PUBLIC;
import static io.urumi.web.Access.SIGNED_IN;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.rendering.template.JavalinJte;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;
import io.urumi.auth.Accounts;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Session;
import io.urumi.auth.Sessions;
import io.urumi.config.Config;
import io.urumi.drift.DriftService;
import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetService;
import io.urumi.observe.PlatformMetrics;
import io.urumi.store.Engine;
import io.urumi.store.StoreService;
import io.urumi.ui.AccountPage;
import io.urumi.ui.ActivityPage;
import io.urumi.ui.AdminPages;
import io.urumi.ui.Csrf;
import io.urumi.ui.ErrorPages;
import io.urumi.ui.PageRenderer;
import io.urumi.ui.PlatformHealth;
import io.urumi.ui.ReleasePages;
import io.urumi.ui.SignInPage;
import io.urumi.ui.StorePages;
import io.urumi.ui.StoreViews;
import io.urumi.web.drift.DriftApi;
import io.urumi.web.drift.DriftPage;
import io.urumi.web.fleet.FleetApi;
import io.urumi.web.fleet.FleetPage;
import io.urumi.web.http.Caller;
import io.urumi.web.http.SignInThrottle;
import io.urumi.web.http.TooManyRequests;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private WebApp() {
    }

    /** What the access gate and the account pages work with. */
    public record Guards(Accounts accounts, Sessions sessions, ApiTokens tokens, AuditLog audit,
                         Config.Guardrails guardrails, Clock clock) {
    }

    public static Javalin create(StoreService stores, FleetService fleets, DriftService drift, StoreViews views, ObjectMapper mapper,
                                 String baseDomain, PlatformHealth platformHealth,
                                 Supplier<List<String>> orphanNamespaces, Guards guards, PlatformMetrics metrics,
                                 ObservabilityApi observability, Supplier<Map<Engine, String>> engineWarnings) {
        RequestLog requestLog = new RequestLog(metrics);
        Javalin app = Javalin.create(config -> {
            config.requestLogger.http(requestLog::finish);
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            // Templates were compiled into classes at build time (jte-maven-plugin): no compiler at run time.
            config.fileRenderer(new JavalinJte(TemplateEngine.createPrecompiled(ContentType.Html)));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/webjars";
                files.directory = "/META-INF/resources/webjars";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
            });
        });
        Csrf csrf = Csrf.sessionOrCookie(ctx -> {
            Session session = Caller.sessionOrNull(ctx);
            return session == null ? null : session.csrfToken();
        });
        SignInThrottle throttle = new SignInThrottle(guards.guardrails().signInsPerMinute(), guards.accounts());
        new AccessGate(guards.sessions(), guards.tokens(), stores::owner, guards.guardrails(), csrf, guards.audit())
                .register(app);
        app.before(requestLog::start); // after the gate's first filter, which gives the request its id
        StoreApi api = new StoreApi(stores, drift, mapper, baseDomain, engineWarnings);
        FleetApi fleetApi = new FleetApi(fleets, mapper);
        DriftApi driftApi = new DriftApi(drift, stores);
        DriftPage driftPage = new DriftPage(drift);
        AuthApi authApi = new AuthApi(guards.accounts(), guards.tokens(), guards.sessions(), throttle, guards.audit(),
                mapper);
        PageRenderer renderer = new PageRenderer(csrf, platformHealth);
        ErrorPages errorPages = new ErrorPages(renderer);
        StorePages pages = new StorePages(stores, views, renderer, Caller::actor, engineWarnings);
        ReleasePages releasePages = new ReleasePages(stores, views, renderer, Caller::actor);
        ActivityPage activity = new ActivityPage(views, renderer, () -> observability.summaryOver(null));
        FleetPage fleetPage = new FleetPage(fleets, renderer, Caller::actor, guards.clock());
        SignInPage signIn = new SignInPage(guards.sessions(), throttle, renderer);
        AccountPage account = new AccountPage(guards.accounts(), guards.tokens(), guards.sessions(), renderer,
                guards.clock());
        AdminPages admin = new AdminPages(guards.accounts(), guards.audit(), renderer);

        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")), PUBLIC);
        app.get("/health/ready", ctx -> health(ctx, platformHealth.check(), platformHealth.leader()), PUBLIC);
        app.get("/metrics", observability::prometheus, ADMIN);

        app.get("/login", signIn::show, PUBLIC);
        app.post("/login", signIn::signIn, PUBLIC, Audited.as("login"));
        app.post("/logout", signIn::signOut, SIGNED_IN, Audited.as("logout"));
        app.get("/account", account::show, SIGNED_IN);
        app.post("/account/tokens", account::createToken, SIGNED_IN, Audited.as("token.create"));
        app.post("/account/tokens/{tokenId}/revoke", account::revokeToken, SIGNED_IN, Audited.as("token.revoke"));
        app.post("/account/password", account::changePassword, SIGNED_IN, Audited.as("password.change"));
        app.get("/users", admin::users, ADMIN);
        app.post("/users", admin::createUser, ADMIN, Audited.as("user.create"));
        app.get("/audit", admin::auditLog, ADMIN);

        app.get("/", pages::list, SIGNED_IN);
        app.get("/fragments/stores", pages::listFragment, SIGNED_IN);
        app.get("/stores/new", pages::newForm, SIGNED_IN);
        app.post("/stores", pages::create, SIGNED_IN, Audited.as("store.create"), Limited.CREATES);
        app.get("/stores/{id}", pages::show, SIGNED_IN);
        app.get("/fragments/stores/{id}", pages::showFragment, SIGNED_IN);
        app.post("/stores/{id}/reveal", pages::reveal, SIGNED_IN, Audited.as("store.reveal-credentials"));
        app.post("/stores/{id}/retry", pages::retry, SIGNED_IN, Audited.as("store.retry"));
        app.post("/stores/{id}/restart", pages::restart, SIGNED_IN, Audited.as("store.restart"));
        app.post("/stores/{id}/reset-password", pages::resetPassword, SIGNED_IN, Audited.as("store.reset-password"));
        app.post("/stores/{id}/drift", driftPage::checkNow, SIGNED_IN, Audited.as("store.drift-check"));
        app.post("/stores/{id}/repair", pages::repair, SIGNED_IN, Audited.as("store.repair"));
        app.get("/stores/{id}/delete", pages::deleteForm, SIGNED_IN);
        app.post("/stores/{id}/delete", pages::delete, SIGNED_IN, Audited.as("store.delete"));
        app.get("/stores/{id}/upgrade", releasePages::previewUpgrade, SIGNED_IN);
        app.post("/stores/{id}/upgrade", releasePages::upgrade, SIGNED_IN, Audited.as("store.upgrade"));
        app.get("/stores/{id}/rollback", releasePages::confirmRollback, SIGNED_IN);
        app.post("/stores/{id}/rollback", releasePages::rollback, SIGNED_IN, Audited.as("store.rollback"));
        app.get("/stores/{id}/compare", releasePages::compare, SIGNED_IN);
        app.get("/activity", activity::show, SIGNED_IN);
        app.get("/fleet", fleetPage::show, ADMIN);
        app.post("/fleet", fleetPage::start, ADMIN, Audited.as("fleet.upgrade"));

        app.post("/api/login", authApi::login, PUBLIC, Audited.as("login"));
        app.get("/api/tokens", authApi::listTokens, SIGNED_IN);
        app.post("/api/tokens", authApi::createToken, SIGNED_IN, Audited.as("token.create"));
        app.delete("/api/tokens/{tokenId}", authApi::revokeToken, SIGNED_IN, Audited.as("token.revoke"));
        app.get("/api/users", authApi::listUsers, ADMIN);
        app.post("/api/users", authApi::createUser, ADMIN, Audited.as("user.create"));
        app.get("/api/audit", authApi::audit, ADMIN);
        app.post("/api/stores", api::create, SIGNED_IN, Audited.as("store.create"), Limited.CREATES);
        app.get("/api/stores", api::list, SIGNED_IN);
        app.get("/api/stores/{id}", api::get, SIGNED_IN);
        app.delete("/api/stores/{id}", api::delete, SIGNED_IN, Audited.as("store.delete"));
        app.get("/api/stores/{id}/events", api::events, SIGNED_IN);
        app.post("/api/stores/{id}/retry", api::retry, SIGNED_IN, Audited.as("store.retry"));
        app.post("/api/stores/{id}/credentials", api::credentials, SIGNED_IN, Audited.as("store.reveal-credentials"));
        app.post("/api/stores/{id}/restart", api::restart, SIGNED_IN, Audited.as("store.restart"));
        app.post("/api/stores/{id}/reset-password", api::resetPassword, SIGNED_IN, Audited.as("store.reset-password"));
        app.get("/api/stores/{id}/drift", driftApi::latest, SIGNED_IN);
        app.post("/api/stores/{id}/drift", driftApi::checkNow, SIGNED_IN, Audited.as("store.drift-check"));
        app.post("/api/stores/{id}/repair", api::repair, SIGNED_IN, Audited.as("store.repair"));
        app.get("/api/stores/{id}/revisions", api::revisions, SIGNED_IN);
        app.get("/api/stores/{id}/revisions/diff", api::diff, SIGNED_IN);
        app.get("/api/stores/{id}/upgrade-preview", api::upgradePreview, SIGNED_IN);
        app.post("/api/stores/{id}/upgrade", api::upgrade, SIGNED_IN, Audited.as("store.upgrade"));
        app.post("/api/stores/{id}/rollback", api::rollback, SIGNED_IN, Audited.as("store.rollback"));
        app.get("/api/charts", api::charts, SIGNED_IN);
        app.get("/api/engines", api::engines, SIGNED_IN);
        app.post("/api/fleet-upgrades", fleetApi::start, ADMIN, Audited.as("fleet.upgrade"));
        app.get("/api/fleet-upgrades", fleetApi::list, ADMIN);
        app.get("/api/fleet-upgrades/{id}", fleetApi::get, ADMIN);
        app.get("/api/reconciler/orphans", ctx -> ctx.json(Map.of("orphans", orphanNamespaces.get())), ADMIN);
        app.get("/api/activity", observability::activity, SIGNED_IN);
        app.get("/api/metrics", observability::summary, ADMIN);
        app.get("/api/openapi.json", observability::openApi, SIGNED_IN);

        Errors errors = new Errors(errorPages);
        app.exception(AccessGate.SignInRedirect.class, (e, ctx) -> { /* the redirect is already set */ });
        app.exception(TooManyRequests.class, (e, ctx) -> errors.send(ctx, 429, "rate_limited",
                e.getMessage(), null));
        app.exception(PlatformException.class, (e, ctx) -> {
            ctx.attribute(Caller.AUDIT_DETAIL, e.code());
            errors.send(ctx, status(e.kind()), e.code(), e.getMessage(), e.field());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> errors.send(ctx, e.getStatus(),
                HttpStatus.forStatus(e.getStatus()).name().toLowerCase(),
                e.getStatus() == 404 && ErrorPages.isPage(ctx) ? ErrorPages.NO_SUCH_PAGE : e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            var cluster = ClusterFailure.of(e, Caller.requestId(ctx));
            if (cluster.isPresent()) {
                LOG.warn("the cluster failed {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.attribute(Caller.AUDIT_DETAIL, cluster.get().code());
                errors.send(ctx, cluster.get().status(), cluster.get().code(), cluster.get().message(), null);
                return;
            }
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            errors.send(ctx, 500, "internal_error", "Something went wrong on our side. Request id: "
                    + Caller.requestId(ctx), null);
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

    /** One declared route with its access rule, as the router holds it. */
    public record Route(String method, String path, Set<RouteRole> roles) {
    }

    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    /** Every HTTP route the router knows (no filters), read from the router itself so none can be missed. */
    public static List<Route> routes(Javalin app) {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> METHODS.contains(e.getMethod()))
                .map(e -> new Route(e.getMethod().name(), e.getPath(), Set.copyOf(e.getRoles())))
                .toList();
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
            case FORBIDDEN -> 403;
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
