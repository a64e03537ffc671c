package io.urumi.store;

/** How many live (not deleted) stores the platform holds in all, and per owner. */
public record StoreQuotas(int maxStores, int maxStoresPerUser) {
    public static StoreQuotas unlimited() {
        return new StoreQuotas(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
