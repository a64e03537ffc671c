package io.urumi.store;

import java.util.Optional;

/** Where a store's admin credentials live (its Secret in the cluster); read only when a person asks to see them. */
public interface StoreCredentials {

    /** The admin credentials, or empty while the store has none yet; unreachable storage is UNAVAILABLE. */
    Optional<Credentials> read(String storeId);

    /** The admin user of a store, known without reading the secret. */
    String adminUser(String storeId);

    /** A store's admin sign-in; toString never shows the password, so a stray log line cannot leak it. */
    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=<redacted>]";
        }
    }
}
