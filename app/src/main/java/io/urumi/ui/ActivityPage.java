package io.urumi.ui;

import io.javalin.http.Context;
import io.urumi.observe.MetricsSummary;
import java.util.Map;
import java.util.function.Supplier;

/** The activity page: the platform at a glance (the /api/metrics summary), then what happened lately, newest first. */
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
        render.page(ctx, "activity.jte", "Activity", "activity", Map.of("events", views.activity(LIMIT),
                "glance", summary.get()));
    }
}
