package io.urumi.store;

/** Where a store is in its life; transitions are listed in DESIGN.md and enforced by StoreService. */
public enum StoreState {
    PROVISIONING, READY, FAILED, UPGRADING, ROLLING_BACK, DELETING, DELETED;

    /** True while an operation is working on the store. */
    public boolean busy() {
        return this == PROVISIONING || this == UPGRADING || this == ROLLING_BACK || this == DELETING;
    }
}
