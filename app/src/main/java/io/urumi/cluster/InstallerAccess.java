package io.urumi.cluster;

import java.util.regex.Pattern;

/**
 * Who installs store releases and with which role: the platform's ServiceAccount, bound in each store namespace to
 * one named ClusterRole. This is how the platform works without cluster-wide rights on what a store contains.
 */
public record InstallerAccess(String clusterRole, String serviceAccountNamespace, String serviceAccountName) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    public InstallerAccess {
        if (clusterRole == null || clusterRole.isBlank()) {
            throw new IllegalArgumentException("the installer ClusterRole name is required");
        }
        if (!DNS_LABEL.matcher(String.valueOf(serviceAccountNamespace)).matches()
                || !DNS_SUBDOMAIN.matcher(String.valueOf(serviceAccountName)).matches()) {
            throw new IllegalArgumentException("the service account must be 'namespace/name', got '"
                    + serviceAccountNamespace + "/" + serviceAccountName + "'");
        }
    }

    /** From {@code namespace/name}, as the platform chart sets it. */
    public static InstallerAccess of(String clusterRole, String serviceAccount) {
        String value = serviceAccount == null ? "" : serviceAccount.trim();
        int slash = value.indexOf('/');
        if (slash <= 0 || slash != value.lastIndexOf('/')) {
            throw new IllegalArgumentException("the service account must be 'namespace/name', got '" + value + "'");
        }
        return new InstallerAccess(clusterRole.trim(), value.substring(0, slash), value.substring(slash + 1));
    }
}
