package io.urumi.web;

import java.util.Locale;

/**
 * Slows down password guessing without locking anyone out: sign-in attempts are limited per client address and per
 * user name, and the buckets refill, so the real user gets in a minute later while a guesser gets a few tries a
 * minute. The refusal never says whether the name exists.
 */
public final class SignInThrottle {
    private final RateLimits limits = new RateLimits();
    private final int perMinute;

    SignInThrottle(int perMinute) {
        this.perMinute = perMinute;
    }

    /** 0 when the attempt may go ahead, else the seconds to wait. Every attempt counts, right or wrong. */
    public long take(String clientIp, String name) {
        long byIp = limits.tryTake("ip:" + clientIp, perMinute * 4);
        long byName = name == null || name.isBlank() ? 0
                : limits.tryTake("user:" + name.trim().toLowerCase(Locale.ROOT), perMinute);
        return Math.max(byIp, byName);
    }
}
