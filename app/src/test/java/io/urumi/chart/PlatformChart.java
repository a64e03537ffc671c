package io.urumi.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.urumi.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Renders and lints charts/platform through helm-java with one of its values files, as fabric8 objects. */
public final class PlatformChart {
    public static final String RELEASE = "urumi";
    public static final String NAMESPACE = "urumi-system";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PlatformChart() {
    }

    public static Path dir() {
        return Repo.root().resolve("charts/platform");
    }

    /** charts/platform/values-NAME.yaml, e.g. "local" or "prod". */
    public static Path values(String name) {
        return dir().resolve("values-" + name + ".yaml");
    }

    public static String template(String values, Map<String, String> overrides) {
        TemplateCommand command = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(values(values));
        overrides.forEach(command::set);
        return command.call();
    }

    public static List<HasMetadata> render(String values) {
        return render(values, Map.of());
    }

    public static List<HasMetadata> render(String values, Map<String, String> overrides) {
        return StoreChart.parse(template(values, overrides));
    }

    /**
     * Lints the chart as installed with a values file. helm-java's lint takes no values file, so it lints a copy of
     * the chart whose values.yaml is the chart's defaults with the file merged over them, as Helm merges them.
     */
    public static LintResult lint(String values, Path workDir) {
        try {
            Path copy = workDir.resolve("urumi");
            try (Stream<Path> files = Files.walk(dir())) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(dir().relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            Map<String, Object> merged = merge(YAML.readValue(dir().resolve("values.yaml").toFile(), Map.class),
                    YAML.readValue(values(values).toFile(), Map.class));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing: maps merge key by key, anything else in {@code over} replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && out.get(key) instanceof Map<?, ?> b) {
                out.put(key, merge((Map<String, Object>) b, (Map<String, Object>) m));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }
}
