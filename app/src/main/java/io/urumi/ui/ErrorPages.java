package io.urumi.ui;

import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Error pages in the same look as the rest, for every route that is a page; the API keeps its JSON errors. */
public final class ErrorPages {
    public static final String NO_SUCH_PAGE = "There is no page at this address.";
    private static final Pattern STORE_PATH = Pattern.compile("/(?:fragments/)?stores/([a-z][-a-z0-9]{0,62})(?:/.*)?");
    private final PageRenderer renderer;

    public ErrorPages(PageRenderer renderer) {
        this.renderer = renderer;
    }

    /** True for page routes; the API, health probes and static assets answer in their own way. */
    public static boolean isPage(Context ctx) {
        String path = ctx.path();
        return !(path.equals("/api") || path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics")
                || path.startsWith("/webjars/") || path.startsWith("/static/"));
    }

    public void render(Context ctx, int status, String message) {
        ctx.status(status);
        ErrorView view = new ErrorView(status, heading(status), message, backHref(ctx), backLabel(ctx));
        renderer.page(ctx, "error.jte", heading(status), "", Map.of("error", view));
    }

    private static String heading(int status) {
        return switch (status) {
            case 400, 422 -> "That request could not be used";
            case 403 -> "Request refused";
            case 404 -> "Not found";
            case 405 -> "Not allowed here";
            case 409 -> "That cannot be done right now";
            case 413 -> "Too much data";
            case 502 -> "The cluster did not do what was asked";
            case 503 -> "Temporarily unavailable";
            default -> status >= 500 ? "Something went wrong on our side" : "That did not work";
        };
    }

    /** Back to the store the request was about, when it names one that exists; else to the list. */
    private static String backHref(Context ctx) {
        Matcher m = STORE_PATH.matcher(ctx.path());
        return m.matches() && ctx.status().getCode() != 404 && !"new".equals(m.group(1)) ? "/stores/" + m.group(1) : "/";
    }

    private static String backLabel(Context ctx) {
        return "/".equals(backHref(ctx)) ? "Back to your stores" : "Back to the store";
    }
}
