package io.urumi.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The store chart versions the platform can install: the current chart directory plus every earlier version kept
 * packaged in the catalog directory ({@code ecommerce-store-X.Y.Z.tgz}), so upgrades and rollbacks stay possible
 * after the platform itself has moved on. Each version's engines are the ones its values.schema.json accepts, so the
 * chart, not the platform, says which engines a version can run.
 */
public final class ChartCatalog {
    private static final Pattern PACKAGE = Pattern.compile("(.+)-(\\d+\\.\\d+\\.\\d+)\\.tgz");
    private final String chartName;
    private final String current;
    private final Map<String, Path> charts;
    private final Map<String, Set<String>> engines;

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
        Map<String, Set<String>> byVersion = new LinkedHashMap<>();
        found.forEach((version, path) -> byVersion.put(version, enginesOf(path)));
        this.engines = Map.copyOf(byVersion);
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

    /** The engines a version's schema accepts (values of {@code engine}); empty for a version the catalog lacks. */
    public Set<String> engines(String version) {
        return engines.getOrDefault(version, Set.of());
    }

    private static Set<String> enginesOf(Path chart) {
        try {
            JsonNode schema = new ObjectMapper().readTree(schemaText(chart));
            JsonNode choices = schema.path("properties").path("engine").path("enum");
            return Set.copyOf(StreamSupport.stream(choices.spliterator(), false).map(JsonNode::asText).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engines of the store chart at " + chart, e);
        }
    }

    /**
     * values.schema.json of a chart directory or of a packaged chart (its one top-level directory). The JDK's gzip
     * reader, because Helm's packages carry a gzip extra field that commons-compress 1.28 rejects.
     */
    private static String schemaText(Path chart) throws IOException {
        if (Files.isDirectory(chart)) {
            return Files.readString(chart.resolve("values.schema.json"));
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(chart));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String[] parts = entry.getName().split("/");
                if (parts.length == 2 && parts[1].equals("values.schema.json")) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("no values.schema.json in " + chart);
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
