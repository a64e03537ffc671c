package io.urumi.provision;

import java.time.Duration;

/** How often and how patiently a transient failure is retried: exponential backoff, then FAILED (like Flux). */
public record Retries(int maxAttempts, Duration firstBackoff) {
    private static final Duration CAP = Duration.ofMinutes(5);

    /** The wait after the given failed attempt (1-based): first, 3x, 9x, ... capped at five minutes. */
    public Duration backoff(int failedAttempt) {
        Duration wait = firstBackoff.multipliedBy((long) Math.pow(3, Math.max(0, failedAttempt - 1)));
        return wait.compareTo(CAP) > 0 ? CAP : wait;
    }
}
