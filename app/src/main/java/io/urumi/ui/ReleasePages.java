package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.error.PlatformException;
import io.urumi.store.ReleaseInspector.ReleaseDiff;
import io.urumi.store.StoreService;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Page handlers for moving a store between chart versions and revisions: show what would change, then queue the
 * change on confirmation. A refusal is shown in the page it concerns; an unknown store is a 404 page.
 */
public final class ReleasePages {
    private final StoreService service;
    private final StoreViews views;
    private final PageRenderer render;
    private final Function<Context, String> actor;

    public ReleasePages(StoreService service, StoreViews views, PageRenderer render, Function<Context, String> actor) {
        this.service = service;
        this.views = views;
        this.render = render;
        this.actor = actor;
    }

    public void previewUpgrade(Context ctx) {
        StoreDetail store = views.detail(ctx.pathParam("id"));
        String version = ctx.queryParam("chartVersion");
        change(ctx, ChangeView.Kind.UPGRADE, store, version, () -> service.previewUpgrade(store.id(),
                required("chartVersion", version, "Choose a chart version to upgrade to.")));
    }

    public void upgrade(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            String version = required("chartVersion", ctx.formParam("chartVersion"),
                    "Choose a chart version to upgrade to.");
            service.upgrade(id, version, actor.apply(ctx));
            ctx.redirect("/stores/" + id, HttpStatus.SEE_OTHER);
        } catch (PlatformException e) {
            refusedOnStorePage(ctx, id, "The upgrade was not started", e);
        }
    }

    public void confirmRollback(Context ctx) {
        StoreDetail store = views.detail(ctx.pathParam("id"));
        String revision = ctx.queryParam("revision");
        change(ctx, ChangeView.Kind.ROLLBACK, store, revision,
                () -> service.diff(store.id(), current(store), revision(revision)));
    }

    public void rollback(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            service.rollback(id, revision(ctx.formParam("revision")), actor.apply(ctx));
            ctx.redirect("/stores/" + id, HttpStatus.SEE_OTHER);
        } catch (PlatformException e) {
            refusedOnStorePage(ctx, id, "The rollback was not started", e);
        }
    }

    public void compare(Context ctx) {
        StoreDetail store = views.detail(ctx.pathParam("id"));
        String revision = ctx.queryParam("revision");
        change(ctx, ChangeView.Kind.COMPARE, store, revision,
                () -> service.diff(store.id(), current(store), revision(revision)));
    }

    private void change(Context ctx, ChangeView.Kind kind, StoreDetail store, String target,
                        Supplier<ReleaseDiff> diff) {
        ChangeView view;
        try {
            view = ChangeView.of(kind, store, target, diff.get());
        } catch (PlatformException e) {
            ctx.status(status(e));
            view = ChangeView.refused(kind, store, target == null ? "" : target, e.getMessage());
        }
        render.page(ctx, "stores/change.jte", view.title(), "stores", Map.of("change", view));
    }

    /** The store page again, with the refusal above it and a status that says what kind of refusal it was. */
    private void refusedOnStorePage(Context ctx, String id, String heading, PlatformException e) {
        StoreDetail store = views.detail(id);
        ctx.status(status(e));
        render.page(ctx, "stores/show.jte", store.id(), "stores", Map.of("store", store,
                "refusal", new Refusal(heading, e.getMessage())));
    }

    private static int current(StoreDetail store) {
        if (store.helmRevision() == null) {
            throw PlatformException.conflict("not_deployed", "Store '" + store.id()
                    + "' has no deployed revision yet.");
        }
        return store.helmRevision();
    }

    private static String required(String field, String value, String message) {
        if (value == null || value.isBlank()) {
            throw PlatformException.invalid(field, message);
        }
        return value.trim();
    }

    private static int revision(String raw) {
        try {
            int revision = Integer.parseInt(raw == null ? "" : raw.trim());
            if (revision >= 1) {
                return revision;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PlatformException.invalid("revision", "The revision must be a revision number such as 1.");
    }

    private static int status(PlatformException e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }
}
