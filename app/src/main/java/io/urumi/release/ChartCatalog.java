package io.urumi.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store chart versions the platform can install: the current chart directory plus every earlier version kept
 * packaged in the catalog directory ({@code ecommerce-store-X.Y.Z.tgz}), so upgrades and rollbacks stay possible
 * after the platform itself has moved on.
 */
public final class ChartCatalog {
    private static final Pattern PACKAGE = Pattern.compile("(.+)-(\\d+\\.\\d+\\.\\d+)\\.tgz");
    private final String chartName;
    private final String current;
    private final Map<String, Path> charts;

    public ChartCatalog(Path currentChartDir, Path catalogDir) {
        Map<?, ?> chart = readChartYaml(currentChartDir);
        this.chartName = String.valueOf(chart.get("name"));
        this.current = String.valueOf(chart.get("version"));
        Map<String, Path> found = new LinkedHashMap<>();
        if (Files.isDirectory(catalogDir)) {
            try (Stream<Path> files = Files.list(catalogDir)) {
                files.forEach(file -> {
                    Matcher m = PACKAGE.matcher(file.getFileName().toString());
                    if (m.matches() && m.group(1).equals(chartName)) {
                        found.put(m.group(2), file.toAbsolutePath());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the chart catalog " + catalogDir, e);
            }
        }
        found.put(current, currentChartDir.toAbsolutePath());
        this.charts = Map.copyOf(found);
    }

    public String chartName() {
        return chartName;
    }

    /** The version new stores get. */
    public String current() {
        return current;
    }

    public Optional<Path> chart(String version) {
        return Optional.ofNullable(charts.get(version));
    }

    /** Every installable version, oldest first. */
    public List<String> versions() {
        return charts.keySet().stream().sorted(Comparator.comparing(ChartCatalog::semver)).toList();
    }

    private static String semver(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part)));
        }
        return key.toString();
    }

    private static Map<?, ?> readChartYaml(Path chartDir) {
        try {
            return new ObjectMapper(new YAMLFactory()).readValue(chartDir.resolve("Chart.yaml").toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store chart at " + chartDir.toAbsolutePath(), e);
        }
    }
}
