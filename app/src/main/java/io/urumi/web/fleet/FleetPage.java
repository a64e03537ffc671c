package io.urumi.web.fleet;

import io.urumi.ui.PageRenderer;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetService;
import io.urumi.fleet.FleetUpgrade;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The fleet page: every fleet upgrade with its waves, and the form that starts one. */
public final class FleetPage {
    private static final int UNPROCESSABLE = 422;
    private static final int SHOWN = 20;
    private final FleetService service;
    private final PageRenderer render;
    private final Function<Context, String> actor;
    private final Clock clock;

    public FleetPage(FleetService service, PageRenderer render, Function<Context, String> actor, Clock clock) {
        this.service = service;
        this.render = render;
        this.actor = actor;
        this.clock = clock;
    }

    public void show(Context ctx) {
        page(ctx, null, null, null);
    }

    /** A refused request shows the page again with the choice kept and the reason above the form. */
    public void start(Context ctx) {
        String from = ctx.formParam("fromVersion");
        String to = ctx.formParam("toVersion");
        try {
            FleetUpgrade fleet = service.start(from, to, actor.apply(ctx));
            ctx.redirect("/fleet#fleet-upgrade-" + fleet.id(), HttpStatus.SEE_OTHER);
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
                throw e;
            }
            ctx.status(UNPROCESSABLE);
            page(ctx, from, to, e.getMessage());
        }
    }

    private void page(Context ctx, String from, String to, String error) {
        Map<String, Long> ready = service.readyStoresByVersion();
        List<String> targets = service.chartVersions();
        List<FleetView> fleets = service.list().stream().limit(SHOWN)
                .map(f -> FleetView.of(f, clock.instant())).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("fleets", fleets);
        params.put("sources", ready);
        params.put("targets", targets);
        params.put("from", from != null ? from : ready.keySet().stream().findFirst().orElse(""));
        params.put("to", to != null ? to : targets.isEmpty() ? "" : targets.get(targets.size() - 1));
        params.put("error", error);
        params.put("refresh", fleets.stream().anyMatch(FleetView::running));
        render.page(ctx, "fleet.jte", "Fleet upgrades", "fleet", params);
    }
}
