package io.urumi.ui;

import io.javalin.http.Context;
import io.urumi.web.Caller;
import java.util.Map;

/** The activity page: what happened lately across every store, newest first. */
public final class ActivityPage {
    static final int LIMIT = 200;
    private final StoreViews views;
    private final PageRenderer render;

    public ActivityPage(StoreViews views, PageRenderer render) {
        this.views = views;
        this.render = render;
    }

    public void show(Context ctx) {
        render.page(ctx, "activity.jte", "Activity", "activity", Map.of("events", views.activity(LIMIT, Caller.principal(ctx))));
    }
}
