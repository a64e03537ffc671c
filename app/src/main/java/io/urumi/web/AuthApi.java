package io.urumi.web;

import io.urumi.web.http.JsonBody;
import io.urumi.web.http.SignInThrottle;
import io.urumi.web.http.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.urumi.auth.Accounts;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.AuditLog;
import io.urumi.auth.Principal;
import io.urumi.auth.Sessions;
import io.urumi.auth.User;
import io.urumi.error.PlatformException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** HTTP handlers of the API's own accounts: sign-in for scripts, tokens, users, and the audit log. */
final class AuthApi {
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    AuthApi(Accounts accounts, ApiTokens tokens, Sessions sessions, SignInThrottle throttle, AuditLog audit,
            ObjectMapper mapper) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.mapper = mapper;
    }

    /**
     * Name and password for a token that lives as long as a browser session may, for scripts that start from a
     * password. Throttled and answered exactly like the sign-in form.
     */
    void login(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, Set.of("name", "password"));
        String name = Optional.ofNullable(body.string("name")).map(String::trim).orElse("");
        Principal principal = throttle.attempt(ctx, name, body.string("password")).orElseThrow(() ->
                new UnauthorizedResponse("Sign-in failed: unknown user name or wrong password."));
        ApiTokens.Issued issued = tokens.issue(principal.name(), "api login", sessions.absoluteTimeout());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issued.value());
        answer.put("user", principal.name());
        answer.put("role", principal.role().name().toLowerCase());
        answer.put("expiresAt", issued.token().expiresAt());
        ctx.status(HttpStatus.CREATED).json(answer);
    }

    void listTokens(Context ctx) {
        ctx.json(Map.of("tokens", tokens.list(Caller.actor(ctx))));
    }

    void createToken(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, Set.of("name"));
        ApiTokens.Issued issued = tokens.issue(Caller.actor(ctx), body.string("name"), null);
        ctx.attribute(Caller.AUDIT_TARGET, "token:" + issued.token().id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issued.value());
        answer.put("details", issued.token());
        ctx.status(HttpStatus.CREATED).json(answer);
    }

    void revokeToken(Context ctx) {
        ctx.attribute(Caller.AUDIT_TARGET, "token:" + ctx.pathParam("tokenId"));
        ctx.json(tokens.revoke(Caller.actor(ctx), ctx.pathParam("tokenId")));
    }

    void listUsers(Context ctx) {
        ctx.json(Map.of("users", accounts.list()));
    }

    void createUser(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, Set.of("name", "role", "password"));
        ctx.attribute(Caller.AUDIT_TARGET, "user:" + body.string("name"));
        User user = accounts.create(body.string("name"), Accounts.role(body.string("role")).orElseThrow(() ->
                PlatformException.invalid("role", "role must be \"admin\" or \"member\"")), body.string("password"));
        ctx.header("Location", "/api/users/" + user.name());
        ctx.status(HttpStatus.CREATED).json(user);
    }

    /** Newest first, 100 per page; {@code before} pages back; {@code actor} and {@code target} filter. */
    void audit(Context ctx) {
        Long before;
        try {
            before = ctx.queryParam("before") == null ? null : Long.parseLong(ctx.queryParam("before"));
        } catch (NumberFormatException e) {
            throw PlatformException.invalid("before", "before must be an audit entry id (a whole number)");
        }
        int limit = 100;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw PlatformException.invalid("limit", "limit must be between 1 and 1000");
            }
        }
        List<?> entries = audit.recent(blank(ctx.queryParam("actor")), blank(ctx.queryParam("target")), before, limit);
        ctx.json(Map.of("entries", entries));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
