package io.urumi.web.http;

import io.urumi.web.http.Caller;
import io.javalin.http.Context;
import io.urumi.auth.Accounts;
import io.urumi.auth.Principal;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down password guessing without locking anyone out: sign-in attempts are limited per client address and per
 * user name, and the buckets refill, so the real user gets in a minute later while a guesser gets a few tries a
 * minute. The refusal never says whether the name exists.
 */
public final class SignInThrottle {
    private final RateLimits limits = new RateLimits();
    private final int perMinute;
    private final Accounts accounts;

    public SignInThrottle(int perMinute, Accounts accounts) {
        this.perMinute = perMinute;
        this.accounts = accounts;
    }

    /**
     * One sign-in attempt, the same for the form and the API: the person when name and password match, empty when
     * they do not; {@link TooManyRequests} (with Retry-After set) when throttled. Notes for the audit row
     * who tried (only a name that is a user: a typed password is never kept) and why it was refused.
     */
    public Optional<Principal> attempt(Context ctx, String name, String password) {
        if (accounts.exists(name)) {
            ctx.attribute(Caller.AUDIT_ACTOR, name);
        }
        long wait = take(Caller.clientIp(ctx), name);
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            ctx.attribute(Caller.AUDIT_DETAIL, "throttled");
            throw new TooManyRequests("Too many sign-in attempts. Wait " + wait
                    + " seconds, then try again.");
        }
        Optional<Principal> principal = accounts.verify(name, password);
        if (principal.isEmpty()) {
            ctx.attribute(Caller.AUDIT_DETAIL, "wrong name or password");
        }
        return principal;
    }

    /** 0 when the attempt may go ahead, else the seconds to wait. Every attempt counts, right or wrong. */
    private long take(String clientIp, String name) {
        long byIp = limits.tryTake("ip:" + clientIp, perMinute * 4);
        long byName = name == null || name.isBlank() ? 0
                : limits.tryTake("user:" + name.trim().toLowerCase(Locale.ROOT), perMinute);
        return Math.max(byIp, byName);
    }
}
