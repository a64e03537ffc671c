package io.urumi.web.http;

import io.urumi.web.http.Caller;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The session cookie: HttpOnly, SameSite=Lax (a link from a mail opens the dashboard signed in; forms still need the
 * session's token), Path=/, no Domain (the stores' subdomains never see it), and a session cookie in the browser's
 * sense (no Max-Age): the server's timeouts decide. Over TLS it is Secure with the __Host- prefix.
 */
public final class SessionCookie {
    private SessionCookie() {
    }

    public static String name(Context ctx) {
        return Caller.secure(ctx) ? "__Host-urumi-session" : "urumi-session";
    }

    public static String read(Context ctx) {
        return ctx.cookie(name(ctx));
    }

    public static void set(Context ctx, String sessionId) {
        ctx.cookie(new Cookie(name(ctx), sessionId, "/", -1, Caller.secure(ctx), 0, true, null, null, SameSite.LAX));
    }

    public static void clear(Context ctx) {
        ctx.cookie(new Cookie(name(ctx), "", "/", 0, Caller.secure(ctx), 0, true, null, null, SameSite.LAX));
    }
}
