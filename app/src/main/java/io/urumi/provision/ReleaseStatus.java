package io.urumi.provision;

/** What Helm says about a store's release: status ("deployed", "failed", "pending-install", ...) and revision. */
public record ReleaseStatus(String status, int revision, String chartVersion, String appVersion) {
    public static ReleaseStatus absent() {
        return new ReleaseStatus("absent", 0, null, null);
    }

    public boolean exists() {
        return revision > 0;
    }

    /** Left by an operation that never finished (a crash): Helm refuses to touch it until it is unlocked. */
    public boolean pending() {
        return status != null && status.startsWith("pending-");
    }

    public boolean deployed() {
        return "deployed".equals(status);
    }
}
