package io.urumi.ui;

import io.urumi.store.Engine;

/** How each engine is named and signed in to on the pages; the chart holds everything that runs it. */
final class Engines {
    private Engines() {
    }

    /** A new engine fails to compile here until it has a name people recognise. */
    static String label(Engine engine) {
        return switch (engine) {
            case WOOCOMMERCE -> "WooCommerce";
            case MEDUSA -> "Medusa";
        };
    }

    /** Where the engine's admin dashboard lives under the store's URL. */
    static String adminPath(Engine engine) {
        return switch (engine) {
            case WOOCOMMERCE -> "/wp-admin/";
            case MEDUSA -> "/app/";
        };
    }

    /** What the administrator signs in with: WordPress's user name, or for Medusa the admin email. */
    static String adminLogin(Engine engine, String adminUser, String adminEmail) {
        return switch (engine) {
            case WOOCOMMERCE -> adminUser;
            case MEDUSA -> adminEmail;
        };
    }
}
