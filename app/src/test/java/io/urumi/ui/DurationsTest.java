package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Times read the way people say them. */
class DurationsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void agesAreCoarse() {
        assertEquals("just now", Durations.ago(NOW.minusSeconds(59), NOW));
        assertEquals("5 min ago", Durations.ago(NOW.minusSeconds(5 * 60 + 30), NOW));
        assertEquals("3 h ago", Durations.ago(NOW.minusSeconds(3 * 3600 + 59), NOW));
        assertEquals("2 d ago", Durations.ago(NOW.minus(Duration.ofDays(2)), NOW));
        assertEquals("just now", Durations.ago(NOW.plusSeconds(5), NOW), "clock skew never shows a negative age");
    }

    @Test
    void spansKeepTwoUnits() {
        assertEquals("48 s", Durations.span(Duration.ofSeconds(48)));
        assertEquals("3 min 05 s", Durations.span(Duration.ofSeconds(185)));
        assertEquals("2 h 10 min", Durations.span(Duration.ofMinutes(130)));
    }
}
