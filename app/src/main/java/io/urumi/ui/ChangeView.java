package io.urumi.ui;

import io.urumi.store.ReleaseInspector;

/**
 * A page about one change to a store's release, before it is made: an upgrade preview, a rollback confirmation, or
 * a comparison with an earlier revision. It shows the values and manifest diffs, or why they could not be shown.
 */
public record ChangeView(Kind kind, StoreDetail store, String target, String from, String to, DiffView values,
                         DiffView manifest, String error) {

    /** Which change the page is about; each has its own heading and confirm action. */
    public enum Kind { UPGRADE, ROLLBACK, COMPARE }

    public static ChangeView of(Kind kind, StoreDetail store, String target, ReleaseInspector.ReleaseDiff diff) {
        return new ChangeView(kind, store, target, diff.from(), diff.to(),
                DiffView.of("Values", diff.values()), DiffView.of("Rendered manifests", diff.manifest()), null);
    }

    public static ChangeView refused(Kind kind, StoreDetail store, String target, String error) {
        return new ChangeView(kind, store, target, null, null, null, null, error);
    }

    public String title() {
        return switch (kind) {
            case UPGRADE -> "Upgrade " + store.id() + " to chart " + target;
            case ROLLBACK -> "Roll back " + store.id() + " to revision " + target;
            case COMPARE -> "Compare " + store.id() + " with revision " + target;
        };
    }

    public String crumb() {
        return switch (kind) {
            case UPGRADE -> "Upgrade preview";
            case ROLLBACK -> "Roll back";
            case COMPARE -> "Compare";
        };
    }

    public boolean hasDiff() {
        return error == null;
    }

    /** Confirming needs the diff to have been shown and the store to accept a change now. */
    public boolean confirmable() {
        return hasDiff() && kind != Kind.COMPARE && store.changes().allowed();
    }

    public boolean upgrade() {
        return kind == Kind.UPGRADE;
    }

    public boolean rollback() {
        return kind == Kind.ROLLBACK;
    }

    public boolean compare() {
        return kind == Kind.COMPARE;
    }
}
