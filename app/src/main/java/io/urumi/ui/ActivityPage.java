package io.urumi.ui;

import io.javalin.http.Context;
import io.urumi.auth.Principal;
import io.urumi.observe.MetricsSummary;
import io.urumi.web.http.Caller;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The activity page: for administrators the platform at a glance (the /api/metrics summary, which counts every
 * user's stores), then what happened lately across the stores the viewer may see, newest first.
 */
public final class ActivityPage {
    static final int LIMIT = 200;
    private final StoreViews views;
    private final PageRenderer render;
    private final Supplier<MetricsSummary.Summary> summary;

    public ActivityPage(StoreViews views, PageRenderer render, Supplier<MetricsSummary.Summary> summary) {
        this.views = views;
        this.render = render;
        this.summary = summary;
    }

    public void show(Context ctx) {
        Principal viewer = Caller.principal(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("events", views.activity(LIMIT, viewer));
        params.put("glance", viewer.admin() ? summary.get() : null);
        render.page(ctx, "activity.jte", "Activity", "activity", params);
    }
}
