package io.urumi.ui;

import io.urumi.store.StoreNames;
import io.urumi.error.PlatformException;

/** The typed confirmation before a store is deleted: the store, what the user typed, and why it was refused. */
public record DeleteForm(StoreDetail store, String typed, String error) {

    public static DeleteForm blank(StoreDetail store) {
        return new DeleteForm(store, "", null);
    }

    public String namespace() {
        return StoreNames.namespace(store.id());
    }

    /** "true" once a confirmation was refused, else null so the attribute is left out. */
    public String invalid() {
        return error == null ? null : "true";
    }

    public String describedBy() {
        return error == null ? "confirm-hint" : "confirm-hint confirm-error";
    }

    /** Throws unless the user typed exactly the store's name. */
    public static void confirm(String storeId, String typed) {
        if (typed == null || !typed.trim().equals(storeId)) {
            throw PlatformException.invalid("confirm", "Type the store's name, " + storeId
                    + ", exactly as shown to confirm. Nothing was deleted.");
        }
    }
}
