package io.urumi.web.http;

import io.urumi.web.http.RateLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void aBucketRefusesOnceEmptyAndSaysHowLongToWait() {
        RateLimits limits = new RateLimits();
        assertEquals(0, limits.tryTake("create:user:ann", 2));
        assertEquals(0, limits.tryTake("create:user:ann", 2));
        long wait = limits.tryTake("create:user:ann", 2);
        assertTrue(wait >= 1 && wait <= 30, "about half a minute for one token at 2/min: " + wait);
        assertEquals(0, limits.tryTake("create:user:bob", 2), "another key has its own bucket");
    }

    @Test
    void theBucketMapStaysBoundedWhenAddressesRotate() {
        RateLimits limits = new RateLimits();
        for (int i = 0; i < RateLimits.MAX_BUCKETS * 2; i++) {
            limits.tryTake("any:ip:10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 600);
        }
        assertTrue(limits.size() <= RateLimits.MAX_BUCKETS, "buckets kept: " + limits.size());
    }
}
