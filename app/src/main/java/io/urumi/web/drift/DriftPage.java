package io.urumi.web.drift;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.urumi.drift.DriftService;
import io.urumi.error.PlatformException;
import io.urumi.web.http.Caller;

/** The store page's "Compare now" button; the store page itself shows the result in its drift section. */
public final class DriftPage {
    private final DriftService drift;

    public DriftPage(DriftService drift) {
        this.drift = drift;
    }

    /** Compares now; the page shows the result (or, when the release turned out to be gone, the failed store). */
    public void checkNow(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            drift.checkNow(id);
        } catch (PlatformException e) {
            if (!"release_missing".equals(e.code())) {
                throw e;
            }
            ctx.attribute(Caller.AUDIT_DETAIL, e.code());
        }
        ctx.redirect("/stores/" + id + "#drift", HttpStatus.SEE_OTHER);
    }
}
