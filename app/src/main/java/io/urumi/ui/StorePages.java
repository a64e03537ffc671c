package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import io.urumi.store.NewStore;
import io.urumi.store.Store;
import io.urumi.store.StoreCredentials;
import io.urumi.store.StoreService;
import io.urumi.web.http.Caller;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Page handlers for stores: read the request, call the store service once, render or redirect. */
public final class StorePages {
    private static final int UNPROCESSABLE = 422;
    private final StoreService service;
    private final StoreViews views;
    private final PageRenderer render;
    private final Function<Context, String> actor;
    private final Supplier<Map<Engine, String>> engineWarnings;

    public StorePages(StoreService service, StoreViews views, PageRenderer render, Function<Context, String> actor,
                      Supplier<Map<Engine, String>> engineWarnings) {
        this.service = service;
        this.views = views;
        this.render = render;
        this.actor = actor;
        this.engineWarnings = engineWarnings;
    }

    public void list(Context ctx) {
        render.page(ctx, "stores/list.jte", "Stores", "stores", Map.of("table", views.table(showDeleted(ctx), Caller.principal(ctx))));
    }

    public void listFragment(Context ctx) {
        render.fragment(ctx, "stores/table.jte", Map.of("table", views.table(showDeleted(ctx), Caller.principal(ctx))));
    }

    public void newForm(Context ctx) {
        form(ctx, CreateForm.empty());
    }

    /** A refused request shows the form again with the input kept and the problem next to its field. */
    public void create(Context ctx) {
        CreateForm typed = CreateForm.typed(ctx.formParam("name"), ctx.formParam("engine"),
                ctx.formParam("adminEmail"));
        ctx.attribute(Caller.AUDIT_TARGET, typed.name());
        try {
            NewStore request = NewStore.validate(typed.name(), typed.engine(), typed.adminEmail());
            Store store = service.create(request, actor.apply(ctx));
            ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
        } catch (PlatformException e) {
            if (e.kind() != PlatformException.Kind.INVALID && !"store_exists".equals(e.code())
                    && !"quota_exceeded".equals(e.code())) {
                throw e;
            }
            ctx.status(e.kind() == PlatformException.Kind.FORBIDDEN ? 403 : UNPROCESSABLE);
            ctx.attribute(Caller.AUDIT_DETAIL, e.code());
            form(ctx, typed.refusedWith(e));
        }
    }

    public void show(Context ctx) {
        StoreDetail store = views.detail(ctx.pathParam("id"));
        render.page(ctx, "stores/show.jte", store.id(), "stores", Map.of("store", store));
    }

    public void showFragment(Context ctx) {
        render.fragment(ctx, "stores/detail.jte", Map.of("store", views.detail(ctx.pathParam("id"))));
    }

    /** Shows the password once, in this response only, which no cache may keep. */
    public void reveal(Context ctx) {
        StoreCredentials.Credentials revealed = service.revealCredentials(ctx.pathParam("id"), actor.apply(ctx));
        StoreDetail store = views.detail(ctx.pathParam("id"));
        ctx.header("Cache-Control", "no-store");
        render.page(ctx, "stores/show.jte", store.id(), "stores", Map.of("store", store, "revealed", revealed));
    }

    public void retry(Context ctx) {
        Store store = service.retry(ctx.pathParam("id"), actor.apply(ctx));
        ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
    }

    public void restart(Context ctx) {
        Store store = service.restart(ctx.pathParam("id"), actor.apply(ctx));
        ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
    }

    public void resetPassword(Context ctx) {
        Store store = service.resetAdminPassword(ctx.pathParam("id"), actor.apply(ctx));
        ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
    }

    public void repair(Context ctx) {
        Store store = service.repair(ctx.pathParam("id"), actor.apply(ctx));
        ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
    }

    public void deleteForm(Context ctx) {
        deleteForm(ctx, DeleteForm.blank(views.detail(ctx.pathParam("id"))));
    }

    /** Deletes only when the typed name matches; otherwise the confirmation comes back with the reason. */
    public void delete(Context ctx) {
        String id = ctx.pathParam("id");
        String typed = ctx.formParam("confirm");
        try {
            DeleteForm.confirm(id, typed);
        } catch (PlatformException e) {
            ctx.status(UNPROCESSABLE);
            deleteForm(ctx, new DeleteForm(views.detail(id), typed == null ? "" : typed, e.getMessage()));
            return;
        }
        Store store = service.delete(id, actor.apply(ctx));
        ctx.redirect("/stores/" + store.id(), HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx, CreateForm form) {
        render.page(ctx, "stores/new.jte", "New store", "new", Map.of("form", form.warning(engineWarnings.get())));
    }

    private void deleteForm(Context ctx, DeleteForm form) {
        render.page(ctx, "stores/delete.jte", "Delete " + form.store().id(), "stores", Map.of("form", form));
    }

    private static boolean showDeleted(Context ctx) {
        return "show".equals(ctx.queryParam("deleted"));
    }
}
