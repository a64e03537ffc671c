package io.urumi.web.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Token buckets per key ("create:user:ann", "any:ip:10.1.2.3", ...), refilled greedily each minute. The map is a
 * bounded cache: an attacker rotating addresses evicts idle buckets instead of growing the heap; an evicted bucket
 * comes back full, which only ever errs towards letting a request through.
 */
public final class RateLimits {
    static final int MAX_BUCKETS = 50_000;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /** 0 when the request may go ahead; otherwise the whole seconds to wait before trying again. */
    public long tryTake(String key, int perMinute) {
        Bucket bucket = buckets.get(key + "/" + perMinute, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
