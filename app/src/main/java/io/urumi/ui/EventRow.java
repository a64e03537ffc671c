package io.urumi.ui;

/** One event as the activity page and a store's timeline show it. */
public record EventRow(String storeId, String engine, String step, Badge badge, String message, String ago, String iso,
                       String exact) {
}
