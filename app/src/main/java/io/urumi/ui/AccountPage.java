package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.auth.Accounts;
import io.urumi.auth.ApiToken;
import io.urumi.auth.ApiTokens;
import io.urumi.auth.Principal;
import io.urumi.auth.Session;
import io.urumi.auth.Sessions;
import io.urumi.error.PlatformException;
import io.urumi.web.http.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The signed-in user's own page: API tokens (create, shown once; revoke) and their password. */
public final class AccountPage {
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final Sessions sessions;
    private final PageRenderer render;
    private final Clock clock;

    public AccountPage(Accounts accounts, ApiTokens tokens, Sessions sessions, PageRenderer render, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.render = render;
        this.clock = clock;
    }

    /** One token as the page lists it. */
    public record TokenRow(long id, String name, String prefix, String created, String lastUsed, String expires,
                           String status, boolean active) {
    }

    public void show(Context ctx) {
        page(ctx, null, null, null);
    }

    public void createToken(Context ctx) {
        Principal me = Caller.principal(ctx);
        try {
            ApiTokens.Issued issued = tokens.issue(me.name(), ctx.formParam("name"), null);
            ctx.attribute(Caller.AUDIT_TARGET, "token:" + issued.token().id());
            page(ctx, issued.value(), null, null);
        } catch (PlatformException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            page(ctx, null, e.getMessage(), null);
        }
    }

    public void revokeToken(Context ctx) {
        ctx.attribute(Caller.AUDIT_TARGET, "token:" + ctx.pathParam("tokenId"));
        tokens.revoke(Caller.principal(ctx).name(), ctx.pathParam("tokenId"));
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    /** A new password ends every other session of this user; this browser stays signed in. */
    public void changePassword(Context ctx) {
        Principal me = Caller.principal(ctx);
        String next = ctx.formParam("password");
        try {
            if (next == null || !next.equals(ctx.formParam("confirm"))) {
                throw PlatformException.invalid("confirm", "The two new passwords are not the same.");
            }
            accounts.changePassword(me.name(), ctx.formParam("current"), next);
        } catch (PlatformException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            ctx.attribute(Caller.AUDIT_DETAIL, e.code());
            page(ctx, null, null, e.getMessage());
            return;
        }
        Session session = Caller.sessionOrNull(ctx);
        sessions.endOthers(me.name(), session == null ? null : session.id());
        page(ctx, null, null, null, "Your password was changed. Other browsers signed in as you were signed out.");
    }

    private void page(Context ctx, String newToken, String tokenError, String passwordError) {
        page(ctx, newToken, tokenError, passwordError, null);
    }

    private void page(Context ctx, String newToken, String tokenError, String passwordError, String notice) {
        Principal me = Caller.principal(ctx);
        Instant now = clock.instant();
        List<TokenRow> rows = tokens.list(me.name()).stream().map(t -> row(t, now)).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("me", me);
        params.put("tokens", rows);
        params.put("newToken", newToken);
        params.put("tokenError", tokenError);
        params.put("passwordError", passwordError);
        params.put("notice", notice);
        render.page(ctx, "account.jte", "Your account", "account", params);
    }

    private static TokenRow row(ApiToken t, Instant now) {
        String status = t.revokedAt() != null ? "revoked" : t.active(now) ? "active" : "expired";
        return new TokenRow(t.id(), t.name(), t.prefix(), Durations.exact(t.createdAt()),
                t.lastUsedAt() == null ? "never" : Durations.ago(t.lastUsedAt(), now),
                t.expiresAt() == null ? "never" : Durations.exact(t.expiresAt()), status, t.active(now));
    }
}
