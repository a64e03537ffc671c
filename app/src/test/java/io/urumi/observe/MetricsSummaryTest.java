package io.urumi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.urumi.error.PlatformException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The summary's arithmetic: average and nearest-rank 95th percentile, and the window a person may ask for. */
class MetricsSummaryTest {
    @Test
    void theP95OfTwentyStoresIsTheNineteenthFastestAndTheAverageIsRounded() {
        List<Duration> times = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofSeconds).toList();
        MetricsSummary.Provisioning p = MetricsSummary.provisioning(times);
        assertEquals(20, p.count());
        assertEquals(10.5, p.averageSeconds());
        assertEquals(19.0, p.p95Seconds());
    }

    @Test
    void oneSlowStoreAmongFewIsThePercentile() {
        MetricsSummary.Provisioning p = MetricsSummary.provisioning(List.of(Duration.ofMillis(4_120),
                Duration.ofSeconds(300), Duration.ofMillis(3_333)));
        assertEquals(300.0, p.p95Seconds());
        assertEquals(102.5, p.averageSeconds());
    }

    @Test
    void noReadyStoreMeansNoAverageRatherThanZero() {
        MetricsSummary.Provisioning p = MetricsSummary.provisioning(List.of());
        assertEquals(0, p.count());
        assertNull(p.averageSeconds());
        assertNull(p.p95Seconds());
    }

    @Test
    void windowsAreMinutesHoursOrDaysUpTo90Days() {
        assertEquals(Duration.ofMinutes(30), MetricsSummary.parseWindow("30m"));
        assertEquals(Duration.ofHours(24), MetricsSummary.parseWindow("24h"));
        assertEquals(Duration.ofDays(90), MetricsSummary.parseWindow("90d"));
        PlatformException tooLong = assertThrows(PlatformException.class, () -> MetricsSummary.parseWindow("2161h"));
        assertEquals("window", tooLong.field());
    }
}
