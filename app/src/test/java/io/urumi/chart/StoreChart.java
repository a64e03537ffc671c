package io.urumi.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.urumi.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders charts/ecommerce-store through helm-java the way the platform installs it, as fabric8 objects.
 *
 * <p>helm-java's template prints only the release manifest, not hooks, so the setup Job would be
 * missing. Rendering therefore goes through a copy of the chart whose hook annotations are renamed
 * (Helm then treats the Job as a plain object); parsing renames them back, so tests see every object
 * Helm would create, with the chart's own annotations.
 */
final class StoreChart {
    static final String RELEASE = "urumi-shop1";
    static final String NAMESPACE = "store-shop1";
    static final String SECRET = "store-credentials";
    static final String MEDUSA = "medusa-";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String HOOK_PREFIX = "helm.sh/hook";
    private static final String UNHOOKED_PREFIX = "unhooked.test.urumi.io/hook";
    private static Path unhookedCopy;

    private StoreChart() {
    }

    static Path dir() {
        return Repo.root().resolve("charts/ecommerce-store");
    }

    /** Values file under src/test/resources/chart/, e.g. "local" or "production". */
    static Path values(String name) {
        try {
            var url = Objects.requireNonNull(StoreChart.class.getResource("/chart/" + name + "-values.yaml"), name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rendered manifest text; throws with Helm's message when rendering fails. {@code values} names a values file;
     * "medusa-local" is the same file as "local" with {@code engine: medusa}, as the platform sends for a Medusa store.
     */
    static String template(String values, Map<String, String> overrides) {
        String file = values.startsWith(MEDUSA) ? values.substring(MEDUSA.length()) : values;
        TemplateCommand command = new Helm(unhookedCopy()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(values(file));
        if (values.startsWith(MEDUSA)) {
            command.set("engine", "medusa");
        }
        overrides.forEach(command::set);
        return command.call();
    }

    static List<HasMetadata> render(String values) {
        return render(values, Map.of());
    }

    static List<HasMetadata> render(String values, Map<String, String> overrides) {
        return parse(template(values, overrides));
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                HasMetadata object = SERIALIZATION.unmarshal(document, HasMetadata.class);
                restoreHookAnnotations(object);
                objects.add(object);
            }
        }
        return objects;
    }

    private static void restoreHookAnnotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        if (annotations == null) {
            return;
        }
        Map<String, String> restored = new LinkedHashMap<>();
        annotations.forEach((key, value) -> restored.put(key.replace(UNHOOKED_PREFIX, HOOK_PREFIX), value));
        object.getMetadata().setAnnotations(restored);
    }

    private static synchronized Path unhookedCopy() {
        if (unhookedCopy == null) {
            try {
                Path copy = Files.createTempDirectory("ecommerce-store-unhooked-");
                Path source = dir();
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Path target = copy.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else if (file.startsWith(source.resolve("templates"))) {
                            Files.writeString(target, Files.readString(file).replace(HOOK_PREFIX, UNHOOKED_PREFIX));
                        } else {
                            Files.copy(file, target);
                        }
                    }
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(copy)));
                unhookedCopy = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unhookedCopy;
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Pod templates of every workload, keyed by the workload's kind and name. */
    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        ofKind(objects, Deployment.class).forEach(d -> templates.put(key(d), d.getSpec().getTemplate()));
        ofKind(objects, StatefulSet.class).forEach(s -> templates.put(key(s), s.getSpec().getTemplate()));
        ofKind(objects, Job.class).forEach(j -> templates.put(key(j), j.getSpec().getTemplate()));
        return templates;
    }

    /** Every volume claim the release makes: standalone PVCs and StatefulSet claim templates. */
    static List<PersistentVolumeClaim> claims(List<HasMetadata> objects) {
        List<PersistentVolumeClaim> claims = new ArrayList<>(ofKind(objects, PersistentVolumeClaim.class));
        ofKind(objects, StatefulSet.class).forEach(s -> claims.addAll(s.getSpec().getVolumeClaimTemplates()));
        return claims;
    }

    static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
