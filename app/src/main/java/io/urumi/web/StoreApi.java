package io.urumi.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.drift.DriftService;
import io.urumi.error.PlatformException;
import io.urumi.store.Engine;
import io.urumi.store.NewStore;
import io.urumi.store.Store;
import io.urumi.store.StoreCredentials;
import io.urumi.store.StoreService;
import io.urumi.web.http.Caller;
import io.urumi.web.http.JsonBody;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** HTTP handlers of /api/stores: read input, call the store service once, write JSON. */
final class StoreApi {
    private static final Set<String> CREATE_FIELDS = new LinkedHashSet<>(List.of("name", "engine", "adminEmail"));
    private static final Set<String> UPGRADE_FIELDS = Set.of("chartVersion");
    private static final Set<String> ROLLBACK_FIELDS = Set.of("revision");
    private final StoreService service;
    private final DriftService drift;
    private final ObjectMapper mapper;
    private final String baseDomain;
    private final Supplier<Map<Engine, String>> engineWarnings;

    StoreApi(StoreService service, DriftService drift, ObjectMapper mapper, String baseDomain,
             Supplier<Map<Engine, String>> engineWarnings) {
        this.service = service;
        this.drift = drift;
        this.mapper = mapper;
        this.baseDomain = baseDomain;
        this.engineWarnings = engineWarnings;
    }

    void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, CREATE_FIELDS);
        ctx.attribute(Caller.AUDIT_TARGET, body.string("name"));
        NewStore request = NewStore.validate(body.string("name"), body.string("engine"), body.string("adminEmail"));
        Store store = service.create(request, Caller.actor(ctx));
        ctx.header("Location", "/api/stores/" + store.id());
        ctx.status(HttpStatus.ACCEPTED).json(view(store));
    }

    void list(Context ctx) {
        boolean includeDeleted = "true".equals(ctx.queryParam("includeDeleted"));
        ctx.json(Map.of("stores", service.list(includeDeleted, Caller.principal(ctx)).stream().map(this::view).toList()));
    }

    void get(Context ctx) {
        Store store = service.get(ctx.pathParam("id"));
        ctx.json(StoreView.of(store, baseDomain, service.lastOperation(store.id()).map(OperationView::of)
                .orElse(null), service.lastReleaseTest(store.id()).orElse(null),
                drift.latest(store.id()).orElse(null), service.publishableKey(store.id()).orElse(null)));
    }

    void repair(Context ctx) {
        ctx.status(HttpStatus.ACCEPTED).json(view(service.repair(ctx.pathParam("id"), Caller.actor(ctx))));
    }

    void revisions(Context ctx) {
        ctx.json(Map.of("revisions", service.revisions(ctx.pathParam("id"))));
    }

    void diff(Context ctx) {
        ctx.json(service.diff(ctx.pathParam("id"), revisionParam(ctx, "from"), revisionParam(ctx, "to")));
    }

    void upgradePreview(Context ctx) {
        String version = ctx.queryParam("chartVersion");
        if (version == null || version.isBlank()) {
            throw PlatformException.invalid("chartVersion", "chartVersion is required, e.g. ?chartVersion=0.2.0");
        }
        ctx.json(service.previewUpgrade(ctx.pathParam("id"), version));
    }

    private static int revisionParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        try {
            int revision = Integer.parseInt(raw == null ? "" : raw.trim());
            if (revision >= 1) {
                return revision;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PlatformException.invalid(name, name + " must be a revision number, e.g. ?from=1&to=2");
    }

    /** Every engine, and why its stores could not be set up on this cluster now (null when they can). */
    void engines(Context ctx) {
        Map<Engine, String> warnings = engineWarnings.get();
        List<Map<String, Object>> engines = Arrays.stream(Engine.values()).map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("engine", e.value());
            entry.put("setupWarning", warnings.get(e));
            return entry;
        }).toList();
        ctx.json(Map.of("engines", engines));
    }

    void charts(Context ctx) {
        ctx.json(Map.of("versions", service.chartVersions(), "engines", service.chartEngines()));
    }

    void upgrade(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, UPGRADE_FIELDS);
        String version = body.string("chartVersion");
        if (version == null || version.isBlank()) {
            throw PlatformException.invalid("chartVersion", "chartVersion is required, e.g. \"0.2.0\"");
        }
        ctx.status(HttpStatus.ACCEPTED).json(view(service.upgrade(ctx.pathParam("id"), version, Caller.actor(ctx))));
    }

    void rollback(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper, ROLLBACK_FIELDS);
        int revision = body.positiveInt("revision");
        ctx.status(HttpStatus.ACCEPTED).json(view(service.rollback(ctx.pathParam("id"), revision, Caller.actor(ctx))));
    }

    void events(Context ctx) {
        ctx.json(Map.of("events", service.events(ctx.pathParam("id"))));
    }

    void delete(Context ctx) {
        Store store = service.delete(ctx.pathParam("id"), Caller.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(view(store));
    }

    void retry(Context ctx) {
        Store store = service.retry(ctx.pathParam("id"), Caller.actor(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(view(store));
    }

    void restart(Context ctx) {
        ctx.status(HttpStatus.ACCEPTED).json(view(service.restart(ctx.pathParam("id"), Caller.actor(ctx))));
    }

    void resetPassword(Context ctx) {
        ctx.status(HttpStatus.ACCEPTED).json(view(service.resetAdminPassword(ctx.pathParam("id"),
                Caller.actor(ctx))));
    }

    /** The admin credentials, to the owner or an admin who asked; audited, never cached. */
    void credentials(Context ctx) {
        StoreCredentials.Credentials c = service.revealCredentials(ctx.pathParam("id"), Caller.actor(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("adminUser", c.user(), "adminPassword", c.password()));
    }

    private StoreView view(Store store) {
        return StoreView.of(store, baseDomain);
    }
}
