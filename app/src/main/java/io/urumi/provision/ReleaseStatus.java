package io.urumi.provision;

/** What Helm says about a store's release: status ("deployed", "failed", "pending-install", ...) and revision. */
public record ReleaseStatus(String status, int revision, String chartVersion, String appVersion) {
    public static ReleaseStatus absent() {
        return new ReleaseStatus("absent", 0, null, null);
    }

    public boolean exists() {
        return revision > 0;
    }

    public boolean deployed() {
        return "deployed".equals(status);
    }
}
