package io.urumi.ui;

import io.urumi.store.StoreEvent;
import io.urumi.store.StoreState;

/**
 * A status as shown on a page: a word, a symbol and a tone. The word carries the meaning; symbol and colour only
 * repeat it, so nothing depends on seeing colour.
 */
public record Badge(String label, String symbol, String tone) {

    public static Badge of(StoreState state) {
        return switch (state) {
            case PROVISIONING -> new Badge("Provisioning", "◔", "busy");
            case READY -> new Badge("Ready", "✓", "ok");
            case FAILED -> new Badge("Failed", "✕", "bad");
            case UPGRADING -> new Badge("Upgrading", "◔", "busy");
            case ROLLING_BACK -> new Badge("Rolling back", "◔", "busy");
            case DELETING -> new Badge("Deleting", "◔", "busy");
            case DELETED -> new Badge("Deleted", "–", "muted");
        };
    }

    public static Badge of(StoreEvent.Status status) {
        return switch (status) {
            case STARTED -> new Badge("Started", "◔", "busy");
            case DONE -> new Badge("Done", "✓", "ok");
            case FAILED -> new Badge("Failed", "✕", "bad");
            case INFO -> new Badge("Note", "i", "muted");
        };
    }
}
