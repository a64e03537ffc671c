package io.urumi.store;

import io.urumi.store.StoreNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Helm values the platform gives a store's chart: names and settings only, never credentials. The setup Job's
 * deadline is derived from the platform's Helm timeout, so the Job always fails on its own (with its reason) before
 * Helm stops waiting for it with a bare timeout.
 *
 * <p>{@code defaults} are the operator's values for every store (URUMI_STORE_VALUES: images from a mirror, a
 * local cluster's own images, resources); the platform's own keys are laid over them and always win.
 */
public record StoreValues(String baseDomain, String ingressClass, String storageClass, Duration helmTimeout,
                          Map<String, Object> defaults) {

    public StoreValues(String baseDomain, String ingressClass, String storageClass, Duration helmTimeout) {
        this(baseDomain, ingressClass, storageClass, helmTimeout, Map.of());
    }

    /** A fifth of the Helm timeout (at least 10 s) earlier: 600 s gives 480 s, the chart's own default. */
    public static long setupDeadlineSeconds(Duration helmTimeout) {
        long timeout = helmTimeout.toSeconds();
        return timeout - Math.max(10, timeout / 5);
    }

    public Map<String, Object> forStore(String storeId, String engine, String adminEmail) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("engine", engine);
        values.put("store", Map.of("id", storeId, "title", storeId, "adminEmail", adminEmail));
        values.put("existingSecret", StoreNames.CREDENTIALS_SECRET);
        values.put("ingress", Map.of(
                "className", ingressClass,
                "host", StoreNames.host(storeId, baseDomain),
                "tls", Map.of("enabled", false, "secretName", "")));
        values.put("persistence", Map.of("storageClass", storageClass));
        values.put("setup", Map.of("activeDeadlineSeconds", setupDeadlineSeconds(helmTimeout)));
        return merged(defaults, values);
    }

    /** {@code over} laid on {@code under}: maps merge key by key, anything else from {@code over} replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merged(Map<String, Object> under, Map<String, Object> over) {
        Map<String, Object> result = new LinkedHashMap<>(under);
        over.forEach((key, value) -> {
            Object below = result.get(key);
            result.put(key, below instanceof Map && value instanceof Map
                    ? merged((Map<String, Object>) below, (Map<String, Object>) value) : value);
        });
        return result;
    }
}
