package io.urumi.web.drift;

import io.javalin.http.Context;
import io.urumi.drift.DriftService;
import io.urumi.store.StoreService;

/** Drift in JSON: a store's latest check, and a check now. Repair is an operation, queued through the store API. */
public final class DriftApi {
    private final DriftService drift;
    private final StoreService stores;

    public DriftApi(DriftService drift, StoreService stores) {
        this.drift = drift;
        this.stores = stores;
    }

    public void latest(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(DriftView.of(drift.latest(id).orElse(null), stores.get(id).helmRevision()));
    }

    /** Compares now rather than at the next periodic check; answers the fresh result. */
    public void checkNow(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(DriftView.of(drift.checkNow(id), stores.get(id).helmRevision()));
    }
}
