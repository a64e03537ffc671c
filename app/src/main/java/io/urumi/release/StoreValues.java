package io.urumi.release;

import io.urumi.cluster.StoreNames;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Helm values the platform gives a store's chart: names and settings only, never credentials. */
public record StoreValues(String baseDomain, String ingressClass, String storageClass) {

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
        return values;
    }
}
