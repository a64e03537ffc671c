package io.urumi.ui;

import io.urumi.store.Engine;

/** How each engine is named on the pages. */
final class Engines {
    private Engines() {
    }

    /** A new engine fails to compile here until it has a name people recognise. */
    static String label(Engine engine) {
        return switch (engine) {
            case WOOCOMMERCE -> "WooCommerce";
        };
    }
}
