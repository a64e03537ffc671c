package io.urumi.web.fleet;

import io.urumi.web.http.JsonBody;
import io.urumi.web.http.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.error.PlatformException;
import io.urumi.fleet.FleetService;
import io.urumi.fleet.FleetUpgrade;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HTTP handlers of /api/fleet-upgrades: read input, call the fleet service once, write JSON. */
public final class FleetApi {
    private static final Set<String> START_FIELDS = new LinkedHashSet<>(List.of("fromVersion", "toVersion"));
    private final FleetService service;
    private final ObjectMapper mapper;

    public FleetApi(FleetService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    public void start(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, START_FIELDS);
        FleetUpgrade fleet = service.start(body.string("fromVersion"), body.string("toVersion"), Caller.actor(ctx));
        ctx.header("Location", "/api/fleet-upgrades/" + fleet.id());
        ctx.status(HttpStatus.ACCEPTED).json(FleetUpgradeView.of(fleet));
    }

    public void list(Context ctx) {
        ctx.json(Map.of("fleetUpgrades", service.list().stream().map(FleetUpgradeView::of).toList()));
    }

    public void get(Context ctx) {
        ctx.json(FleetUpgradeView.of(service.get(id(ctx))));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw PlatformException.notFound("No fleet upgrade '" + (raw.length() > 20 ? raw.substring(0, 20) + "..."
                    : raw) + "'; fleet upgrades are numbered.");
        }
    }
}
