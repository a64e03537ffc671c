package io.urumi.ui;

/** One line of the store list. {@code live} says whether the store's address serves anything yet. */
public record StoreRow(String id, String engine, Badge badge, String url, String host, boolean live, String age,
                       String createdIso, String createdExact, String provisioning) {
}
