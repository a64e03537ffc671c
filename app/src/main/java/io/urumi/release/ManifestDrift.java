package io.urumi.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import io.urumi.drift.Drift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares a release's manifest with the live objects, the way a person reading both would: only what the manifest
 * sets counts, so defaults, status, and labels or annotations that the server, controllers or the platform's own
 * restart add are no drift. Quantities compare by amount ("0.5" equals "500m"). Lists of named items (containers,
 * env, ports) are matched by name, other lists by position. A Secret's values are never rendered: it only says
 * "data differs". Pure: parsing and comparing, no cluster.
 */
public final class ManifestDrift {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_CHARS = 120;
    private static final String HOOK_ANNOTATION = "helm.sh/hook";
    /**
     * Helm writes its ownership marks on every object it applies (replacing the chart's own managed-by label, so it
     * can adopt the objects on a later install): its doing, not drift.
     */
    private static final Set<String> HELM_OWNERSHIP = Set.of("metadata.labels.app.kubernetes.io/managed-by",
            "metadata.annotations.meta.helm.sh/release-name", "metadata.annotations.meta.helm.sh/release-namespace");

    private ManifestDrift() {
    }

    /** Which live object a manifest object describes. */
    public record ObjectRef(String apiVersion, String kind, String name) {
    }

    /**
     * The objects of a release manifest (multi-document YAML). Hooks (the setup and test Jobs) are left out: Helm keeps
     * them apart from the manifest anyway, and they are replaced at each deploy, so their absence is no drift.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(String manifest) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (manifest == null || manifest.isBlank()) {
            return out;
        }
        try (MappingIterator<Map<String, Object>> docs = YAML.readerFor(Map.class).readValues(manifest)) {
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && doc.get("kind") != null && !hook(doc)) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable release manifest", e);
        }
        return out;
    }

    public static ObjectRef ref(Map<String, Object> object) {
        return new ObjectRef(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")),
                String.valueOf(map(object.get("metadata")).get("name")));
    }

    /**
     * Every difference between the manifest and the cluster: an object {@code live} cannot find (null) is missing;
     * otherwise each field the manifest sets that the live object has otherwise.
     */
    public static List<Drift.Difference> compare(List<Map<String, Object>> manifest,
                                                 Function<ObjectRef, Map<String, Object>> live) {
        List<Drift.Difference> out = new ArrayList<>();
        for (Map<String, Object> object : manifest) {
            ObjectRef ref = ref(object);
            Map<String, Object> found = live.apply(ref);
            if (found == null) {
                out.add(new Drift.Difference(ref.kind(), ref.name(), Drift.Change.MISSING, "", null, null));
            } else {
                out.addAll(differences(object, found));
            }
        }
        return out;
    }

    /** The differences of one object that exists in both. */
    public static List<Drift.Difference> differences(Map<String, Object> manifest, Map<String, Object> live) {
        ObjectRef ref = ref(manifest);
        List<Drift.Difference> out = new ArrayList<>();
        Walk walk = new Walk(ref, out);
        Map<String, Object> wantMeta = map(manifest.get("metadata"));
        Map<String, Object> haveMeta = map(live.get("metadata"));
        // Of the metadata only labels and annotations are the chart's; the rest is the server's.
        for (String key : List.of("labels", "annotations")) {
            walk.compare("metadata." + key, wantMeta.get(key), haveMeta.get(key));
        }
        boolean secret = "Secret".equals(ref.kind()) && "v1".equals(ref.apiVersion());
        for (Map.Entry<String, Object> field : manifest.entrySet()) {
            String key = field.getKey();
            if (Set.of("apiVersion", "kind", "metadata", "status").contains(key)
                    || secret && Set.of("data", "stringData").contains(key)) {
                continue;
            }
            walk.compare(key, field.getValue(), live.get(key));
        }
        if (secret && !secretDataMatches(manifest, live)) {
            out.add(new Drift.Difference(ref.kind(), ref.name(), Drift.Change.SECRET_DATA, "data", null, null));
        }
        return out;
    }

    /** Compares what the manifest sets (data, and stringData as the server stores it) without keeping any value. */
    private static boolean secretDataMatches(Map<String, Object> manifest, Map<String, Object> live) {
        Map<String, Object> want = new LinkedHashMap<>(map(manifest.get("data")));
        map(manifest.get("stringData")).forEach((k, v) -> want.put(k, Base64.getEncoder()
                .encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        Map<String, Object> have = map(live.get("data"));
        return want.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                have.get(e.getKey()) == null ? null : String.valueOf(have.get(e.getKey()))));
    }

    /** One object's comparison, collecting differences under the object's kind and name. */
    private record Walk(ObjectRef ref, List<Drift.Difference> out) {
        void compare(String path, Object want, Object have) {
            if (HELM_OWNERSHIP.contains(path) || want == null || want instanceof Map<?, ?> m && m.isEmpty()
                    || want instanceof List<?> l && l.isEmpty()) {
                return; // the manifest asserts nothing here; the server may drop an empty value
            }
            if (want instanceof Map<?, ?> wantMap) {
                if (!(have instanceof Map<?, ?> haveMap)) {
                    changed(path, want, have);
                    return;
                }
                wantMap.forEach((k, v) -> compare(path + "." + k, v, haveMap.get(k)));
            } else if (want instanceof List<?> wantList) {
                if (!(have instanceof List<?> haveList)) {
                    changed(path, want, have);
                } else if (named(wantList)) {
                    for (Object item : wantList) {
                        Object name = ((Map<?, ?>) item).get("name");
                        Object match = haveList.stream().filter(h -> h instanceof Map<?, ?> hm
                                && name.equals(hm.get("name"))).findFirst().orElse(null);
                        compare(path + "[" + name + "]", item, match);
                    }
                } else if (wantList.size() != haveList.size()) {
                    changed(path, want, have);
                } else {
                    for (int i = 0; i < wantList.size(); i++) {
                        compare(path + "[" + i + "]", wantList.get(i), haveList.get(i));
                    }
                }
            } else if (have == null || !sameScalar(path, want, have)) {
                changed(path, want, have);
            }
        }

        private void changed(String path, Object want, Object have) {
            out.add(new Drift.Difference(ref.kind(), ref.name(), Drift.Change.CHANGED, path, render(want),
                    render(have)));
        }
    }

    /** Items that all carry a distinct name are matched by it, as Kubernetes' own strategic merge does. */
    private static boolean named(List<?> items) {
        Set<Object> names = new HashSet<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || !names.add(name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameScalar(String path, Object want, Object have) {
        String a = String.valueOf(want);
        String b = String.valueOf(have);
        return a.equals(b) || path.contains("resources.") && sameQuantity(a, b);
    }

    private static boolean sameQuantity(String a, String b) {
        try {
            return Quantity.getAmountInBytes(new Quantity(a))
                    .compareTo(Quantity.getAmountInBytes(new Quantity(b))) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }

    private static String render(Object value) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof Map || value instanceof List) {
            try {
                text = JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                text = String.valueOf(value);
            }
        } else {
            text = String.valueOf(value);
        }
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }

    private static boolean hook(Map<String, Object> doc) {
        return map(map(doc.get("metadata")).get("annotations")).containsKey(HOOK_ANNOTATION);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
