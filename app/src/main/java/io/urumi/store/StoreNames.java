package io.urumi.store;

import java.util.Map;

/** Every Kubernetes and Helm name the platform derives from a store id, made in this one place. */
public final class StoreNames {
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "urumi";
    public static final String STORE_LABEL = "urumi.io/store";
    public static final String CREDENTIALS_SECRET = "store-credentials";
    /** The RoleBinding that lets the platform install the store's release in the store's namespace. */
    public static final String INSTALLER_BINDING = "urumi-installer";

    private StoreNames() {
    }

    public static String namespace(String storeId) {
        return "store-" + storeId;
    }

    public static String release(String storeId) {
        return "urumi-" + storeId;
    }

    public static String setupJob(String storeId) {
        return release(storeId) + "-setup";
    }

    public static String host(String storeId, String baseDomain) {
        return storeId + "." + baseDomain;
    }

    public static Map<String, String> labels(String storeId) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, STORE_LABEL, storeId);
    }
}
