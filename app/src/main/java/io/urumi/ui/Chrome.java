package io.urumi.ui;

/** What every page shows around its content: title, current section, the platform's health, the form token. */
public record Chrome(String title, String section, String csrf, PlatformHealth.Status health, String htmxSrc,
                     String user, boolean admin) {

    public boolean signedIn() {
        return user != null;
    }

    public String databaseLabel() {
        return !health.known() ? "checking" : health.database() ? "up" : "unreachable";
    }

    public String clusterLabel() {
        return !health.known() ? "checking" : health.cluster() ? "up" : "unreachable";
    }

    /** ok, bad, or muted while nothing has been checked yet. */
    public String healthTone() {
        return !health.known() ? "muted" : health.up() ? "ok" : "bad";
    }

    public boolean current(String name) {
        return name.equals(section);
    }
}
