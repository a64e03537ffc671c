package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.auth.Principal;
import io.urumi.auth.Session;
import io.urumi.auth.Sessions;
import io.urumi.web.http.TooManyRequests;
import io.urumi.web.http.Caller;
import io.urumi.web.http.SessionCookie;
import io.urumi.web.http.SignInThrottle;
import java.util.Map;
import java.util.Optional;

/** Sign-in and sign-out for the pages. Every sign-in starts a new session id; sign-out ends it on the server. */
public final class SignInPage {
    static final String FAILED = "Sign-in failed: unknown user name or wrong password.";
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final PageRenderer render;

    public SignInPage(Sessions sessions, SignInThrottle throttle, PageRenderer render) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.render = render;
    }

    /** The form model: what was typed (never the password), where to go after, and what went wrong. */
    public record Form(String name, String next, String error) {
    }

    public void show(Context ctx) {
        if (Caller.principalOrNull(ctx) != null) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        form(ctx, new Form("", safeNext(ctx.queryParam("next")), null));
    }

    public void signIn(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).map(String::trim).orElse("");
        String next = safeNext(ctx.formParam("next"));
        Optional<Principal> principal;
        try {
            principal = throttle.attempt(ctx, name, ctx.formParam("password"));
        } catch (TooManyRequests e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            form(ctx, new Form(name, next, e.getMessage()));
            return;
        }
        if (principal.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            form(ctx, new Form(name, next, FAILED));
            return;
        }
        Session previous = Caller.sessionOrNull(ctx);
        if (previous != null) {
            sessions.end(previous.id());
        }
        Session session = sessions.start(principal.get());
        SessionCookie.set(ctx, session.id());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    public void signOut(Context ctx) {
        Session session = Caller.sessionOrNull(ctx);
        if (session != null) {
            sessions.end(session.id());
        }
        SessionCookie.clear(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx, Form form) {
        render.page(ctx, "login.jte", "Sign in", "login", Map.of("form", form));
    }

    /** Only a path on this site: never "//evil.example" or "https://...", which would make us an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
