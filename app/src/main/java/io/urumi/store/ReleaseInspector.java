package io.urumi.store;

/** What changes between two revisions of a store's release, or would change with an upgrade. */
public interface ReleaseInspector {
    /** Values and manifest differences between two revisions Helm still keeps; NOT_FOUND when one is gone. */
    ReleaseDiff diff(String storeId, int from, int to);

    /** What upgrading the store to {@code chartVersion} would change, validated by a server-side dry run. */
    ReleaseDiff previewUpgrade(Store store, String chartVersion);

    /** Unified diffs of the user-supplied values and of the rendered manifests (hooks excluded, as in Helm). */
    record ReleaseDiff(String from, String to, String values, String manifest) {
    }
}
