package io.urumi.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root, so tests can reach charts/ and scripts/ whatever their working directory. */
public final class Repo {
    private Repo() {
    }

    /** The version of the store chart new stores get (charts/ecommerce-store/Chart.yaml). */
    public static String currentChartVersion() {
        try {
            return java.nio.file.Files.readAllLines(root().resolve("charts/ecommerce-store/Chart.yaml")).stream()
                    .filter(l -> l.startsWith("version:")).map(l -> l.substring("version:".length()).trim())
                    .findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Unpacks a published store chart from charts/catalog into {@code into} and returns its directory: tests run an
     * "old platform" on it to make stores on a chart the current platform has moved on from.
     */
    public static Path unpackPublishedChart(String version, Path into) throws java.io.IOException, InterruptedException {
        Path tgz = root().resolve("charts/catalog/ecommerce-store-" + version + ".tgz");
        Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", into.toString()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("could not unpack " + tgz);
        }
        Path chart = into.resolve("ecommerce-store");
        if (!java.nio.file.Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException(tgz + " holds no ecommerce-store chart");
        }
        return chart;
    }

    /**
     * A copy of the current store chart in {@code into}/ecommerce-store with its version changed to {@code version}:
     * another chart release to upgrade stores to.
     */
    public static Path copyCurrentChartAs(String version, Path into) throws java.io.IOException {
        Path source = root().resolve("charts/ecommerce-store");
        Path copy = into.resolve("ecommerce-store");
        try (java.util.stream.Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path chartYaml = copy.resolve("Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml)
                .replace("version: " + currentChartVersion(), "version: " + version));
        return copy;
    }

    public static Path root() {
        String configured = System.getProperty("urumi.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "charts"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("charts/ecommerce-store")) && Files.isDirectory(p.resolve("app"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
}
