package io.urumi.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The store chart versions the platform can install, oldest first, and the engines each of them can run. */
public record ChartVersions(List<String> versions, Map<String, Set<Engine>> engines) {

    public ChartVersions {
        versions = List.copyOf(versions);
        engines = Map.copyOf(engines);
    }

    /** Versions whose engines are named by the chart itself ({@code engineNames}); names this platform lacks are ignored. */
    public static ChartVersions of(List<String> versions, Function<String, Set<String>> engineNames) {
        Map<String, Set<Engine>> engines = new LinkedHashMap<>();
        for (String version : versions) {
            engines.put(version, engineNames.apply(version).stream().map(Engine::parse)
                    .flatMap(java.util.Optional::stream).collect(Collectors.toUnmodifiableSet()));
        }
        return new ChartVersions(versions, engines);
    }

    /** Versions that all run every engine. */
    public static ChartVersions allEngines(List<String> versions) {
        return of(versions, v -> Arrays.stream(Engine.values()).map(Engine::value).collect(Collectors.toSet()));
    }

    public boolean contains(String version) {
        return versions.contains(version);
    }

    public boolean runs(String version, Engine engine) {
        return engines.getOrDefault(version, Set.of()).contains(engine);
    }

    /** The versions that can run {@code engine}, oldest first. */
    public List<String> runnableBy(Engine engine) {
        return versions.stream().filter(v -> runs(v, engine)).toList();
    }
}
