package io.urumi.web;

import io.urumi.web.http.RateLimits;
import io.urumi.web.http.TooManyRequests;
import io.urumi.web.http.SessionCookie;
import io.urumi.web.http.Caller;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Principal;
import io.urumi.auth.Session;
import io.urumi.auth.Sessions;
import io.urumi.config.Config;
import io.urumi.store.StoreService;
import io.urumi.ui.Csrf;
import io.urumi.ui.ErrorPages;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one place every request passes through, static files included: it sets the security headers, finds out who
 * is asking (a session cookie on pages, a bearer token on the API), applies the route's {@link Access} rule and store
 * ownership (another user's store answers exactly like a store that does not exist), checks the form token on every
 * state-changing page request, applies rate limits, and writes the audit row when the request is done.
 */
final class AccessGate {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String REFUSED = "urumi.refused";
    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Function<String, Optional<String>> storeOwner;
    private final ClientAddress clientAddress;
    private final RateLimits limits = new RateLimits();
    private final Config.Guardrails guardrails;
    private final Csrf csrf;
    private final AuditLog audit;

    /** Which routes are audited, and which count as creates, each route declares ({@link Audited}, {@link Limited}). */
    AccessGate(Sessions sessions, ApiTokens tokens, Function<String, Optional<String>> storeOwner,
               Config.Guardrails guardrails, Csrf csrf, AuditLog audit) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.storeOwner = storeOwner;
        this.clientAddress = new ClientAddress(guardrails.trustedProxies());
        this.guardrails = guardrails;
        this.csrf = csrf;
        this.audit = audit;
    }

    void register(Javalin app) {
        app.before(this::identifyConnection);
        app.beforeMatched(this::admit);
        app.after(this::audit);
    }

    /** Runs for every request, matched or not. */
    private void identifyConnection(Context ctx) {
        String requestId = UUID.randomUUID().toString();
        ctx.attribute(Caller.REQUEST_ID, requestId);
        String remote = ctx.req().getRemoteAddr();
        ctx.attribute(Caller.CLIENT_IP, clientAddress.of(remote, ctx.header("X-Forwarded-For")));
        boolean secure = "https".equalsIgnoreCase(ctx.scheme()) || (clientAddress.trustsConnection(remote)
                && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
        ctx.attribute("urumi.secure", secure);
        ctx.header("X-Request-Id", requestId);
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        if (secure) {
            ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (!isAsset(ctx)) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** Runs once the route (or static file) is known, before its handler. */
    private void admit(Context ctx) {
        if (isAsset(ctx)) {
            return; // the stylesheet and htmx are public and carry no state
        }
        Set<RouteRole> roles = ctx.routeRoles();
        boolean page = ErrorPages.isPage(ctx);
        Principal principal = identify(ctx, page);
        String who = principal != null ? "user:" + principal.name() : "ip:" + Caller.clientIp(ctx);
        limit(ctx, "any:" + who, guardrails.requestsPerMinute());
        if (!roles.contains(Access.PUBLIC)) {
            if (principal == null) {
                refuseAnonymous(ctx, page);
            }
            if (!roles.contains(Access.SIGNED_IN) && !principal.admin()) {
                // ADMIN routes, and any route that forgot to declare a rule: fail closed.
                refuse(ctx, "admin only");
                throw new ForbiddenResponse("Only administrators may do this.");
            }
            requireOwnership(ctx, principal);
        }
        if (page && !SAFE_METHODS.contains(ctx.method().name())) {
            try {
                csrf.verify(ctx);
            } catch (ForbiddenResponse e) {
                refuse(ctx, "form token missing, wrong or from another site");
                throw e;
            }
        }
        if (roles.contains(Limited.CREATES)) {
            limit(ctx, "create:" + who, guardrails.createsPerMinute());
            if (principal != null) {
                limit(ctx, "create:ip:" + Caller.clientIp(ctx), guardrails.createsPerMinute());
            }
        }
    }

    private Principal identify(Context ctx, boolean page) {
        if (page) {
            Optional<Session> session = sessions.resume(SessionCookie.read(ctx));
            session.ifPresent(s -> {
                ctx.attribute(Caller.SESSION, s);
                ctx.attribute(Caller.PRINCIPAL, s.principal());
            });
            return session.map(Session::principal).orElse(null);
        }
        String header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        Optional<Principal> principal = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(header.substring(7).trim()) : Optional.empty();
        if (principal.isEmpty()) {
            refuse(ctx, "invalid, expired or revoked token");
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new UnauthorizedResponse("The API token is invalid, expired or revoked. Create a new one on your "
                    + "account page.");
        }
        ctx.attribute(Caller.PRINCIPAL, principal.get());
        return principal.get();
    }

    private void refuseAnonymous(Context ctx, boolean page) {
        if (page && SAFE_METHODS.contains(ctx.method().name())) {
            String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            throw new SignInRedirect();
        }
        refuse(ctx, "not signed in");
        if (!page) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        throw new UnauthorizedResponse(page ? "Your session has ended. Sign in again, then repeat what you did."
                : "This API needs a bearer token: send 'Authorization: Bearer <token>'. Create a token on your "
                + "account page, or with POST /api/login.");
    }

    /** Another user's store is not found, word for word as a store that does not exist. */
    private void requireOwnership(Context ctx, Principal principal) {
        String id = ctx.pathParamMap().get("id");
        String path = ctx.endpointHandlerPath();
        if (id == null || !(path.startsWith("/stores/") || path.startsWith("/fragments/stores/")
                || path.startsWith("/api/stores/"))) {
            return;
        }
        Optional<String> owner = storeOwner.apply(id);
        if (owner.isPresent() && !principal.mayActOn(owner.get())) {
            refuse(ctx, "store belongs to another user");
            throw StoreService.noSuchStore(id);
        }
    }

    private void limit(Context ctx, String key, int perMinute) {
        long wait = limits.tryTake(key, perMinute);
        if (wait > 0) {
            refuse(ctx, "rate limited (" + key.substring(0, key.indexOf(':')) + ")");
            ctx.header("Retry-After", String.valueOf(wait));
            throw new TooManyRequests("Too many requests. Try again in " + wait + " second" + (wait == 1 ? "" : "s")
                    + ".");
        }
    }

    private void refuse(Context ctx, String why) {
        ctx.attribute(REFUSED, why);
    }

    /** After the handler (and any error handler): one audit row for audited routes and for refused changes. */
    private void audit(Context ctx) {
        String key = routeKey(ctx);
        String action = key == null ? null : Audited.actionOf(ctx.routeRoles()).orElse(null);
        String refused = ctx.attribute(REFUSED);
        boolean change = !SAFE_METHODS.contains(ctx.method().name());
        if (action == null && !(refused != null && (change || !ErrorPages.isPage(ctx)))) {
            return;
        }
        Principal principal = Caller.principalOrNull(ctx);
        String actor = principal != null ? principal.name()
                : Optional.ofNullable((String) ctx.attribute(Caller.AUDIT_ACTOR)).orElse("anonymous");
        String target = key == null ? null : ctx.pathParamMap().get("id");
        if (target == null) {
            target = ctx.attribute(Caller.AUDIT_TARGET);
        }
        int status = ctx.statusCode();
        String outcome = status < 400 ? "success" : status >= 500 ? "error" : "refused";
        String detail = refused != null ? refused : ctx.attribute(Caller.AUDIT_DETAIL);
        audit.record(actor, action != null ? action : "request " + ctx.method().name() + " " + ctx.path(), target,
                Caller.clientIp(ctx), outcome, status, Caller.requestId(ctx), detail);
    }

    /** "POST /api/stores": the matched route; null when none matched. */
    static String routeKey(Context ctx) {
        try {
            return ctx.method().name() + " " + ctx.endpointHandlerPath();
        } catch (RuntimeException noEndpoint) {
            return null;
        }
    }

    private static boolean isAsset(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/static/") || path.startsWith("/webjars/");
    }

    /** Thrown after the sign-in redirect is set, to stop the request without an error response. */
    static final class SignInRedirect extends RuntimeException {
        SignInRedirect() {
            super(null, null, false, false);
        }
    }
}
