package io.urumi.web.http;

import io.javalin.http.Context;
import io.urumi.auth.Principal;
import io.urumi.auth.Session;

/** What the access gate learned about a request, for handlers to read. */
public final class Caller {
    public static final String PRINCIPAL = "urumi.principal";
    public static final String SESSION = "urumi.session";
    public static final String CLIENT_IP = "urumi.client-ip";
    public static final String REQUEST_ID = "urumi.request-id";
    /** Handlers may name what an audited request was about when the path does not (a create names its store). */
    public static final String AUDIT_TARGET = "urumi.audit.target";
    /** Who an audited request was by when nobody is signed in yet (a sign-in attempt for an existing user). */
    public static final String AUDIT_ACTOR = "urumi.audit.actor";
    /** A short, secret-free reason for the audit row. */
    public static final String AUDIT_DETAIL = "urumi.audit.detail";

    private Caller() {
    }

    /** The signed-in person; only routes that are not {@link Access#PUBLIC} can rely on it being there. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("no signed-in user on " + ctx.path() + ": is the route PUBLIC?");
        }
        return p;
    }

    public static Principal principalOrNull(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    public static Session sessionOrNull(Context ctx) {
        return ctx.attribute(SESSION);
    }

    public static String clientIp(Context ctx) {
        String ip = ctx.attribute(CLIENT_IP);
        return ip == null ? ctx.req().getRemoteAddr() : ip;
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id == null ? "" : id;
    }

    /** The name recorded as having asked for an action. */
    public static String actor(Context ctx) {
        return principal(ctx).name();
    }

    /** True when the request arrived over TLS, directly or through a trusted proxy. */
    public static boolean secure(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute("urumi.secure"));
    }
}
