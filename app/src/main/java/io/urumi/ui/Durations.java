package io.urumi.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as people read them: "5 min ago", "1 min 12 s", and an exact UTC stamp for tooltips. */
public final class Durations {
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Durations() {
    }

    /** How long ago, coarse on purpose: a list refreshed every few seconds should not flicker. */
    public static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return (s / 60) + " min ago";
        }
        if (s < 86_400) {
            return (s / 3600) + " h ago";
        }
        return (s / 86_400) + " d ago";
    }

    /** A short duration: "48 s", "3 min 05 s", "2 h 10 min". */
    public static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    public static String exact(Instant at) {
        return at == null ? "" : EXACT.format(at);
    }

    /** ISO-8601 for the datetime attribute of a time element. */
    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
