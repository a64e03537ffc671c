package io.urumi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.cluster.InstallerAccess;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The installer-role settings the platform chart passes in, read from the environment. */
class ConfigTest {
    @Test
    void withoutAnInstallerClusterRoleThePlatformCreatesNoBinding() {
        assertTrue(Config.fromEnv(Map.of()).installerAccess().isEmpty());
        assertTrue(Config.fromEnv(Map.of("URUMI_SERVICE_ACCOUNT", "urumi-system/urumi")).installerAccess().isEmpty());
    }

    @Test
    void theInstallerClusterRoleAndServiceAccountAreReadTogether() {
        Config config = Config.fromEnv(Map.of("URUMI_INSTALLER_CLUSTERROLE", "urumi-store-installer",
                "URUMI_SERVICE_ACCOUNT", "urumi-system/urumi"));
        assertEquals(Optional.of(new InstallerAccess("urumi-store-installer", "urumi-system", "urumi")),
                config.installerAccess());
    }

    @Test
    void anInstallerClusterRoleWithoutAServiceAccountStopsStartUpNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.fromEnv(Map.of("URUMI_INSTALLER_CLUSTERROLE", "urumi-store-installer")));
        assertTrue(e.getMessage().contains("URUMI_SERVICE_ACCOUNT"), e.getMessage());
    }
}
