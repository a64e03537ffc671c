package io.urumi.support;

import java.util.Arrays;

/** Reads one sample out of Prometheus' text exposition format in tests. */
public final class PrometheusText {
    private PrometheusText() {
    }

    /**
     * The value of the sample {@code name} whose labels include every one of {@code labels} (written as
     * {@code key="value"}), summed when several match; 0 when none does.
     */
    public static double value(String text, String name, String... labels) {
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
