package io.urumi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.cluster.InstallerAccess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings the platform chart passes in (installer role, database login, leader election), read from the environment. */
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

    @Test
    void theDatabasePasswordNeverShowsWhenTheConfigIsPrinted() {
        Config config = Config.fromEnv(Map.of("URUMI_JDBC_URL", "jdbc:postgresql://db:5432/urumi",
                "URUMI_DB_USER", "platform", "URUMI_DB_PASSWORD", "s3cret-value"));
        assertEquals("s3cret-value", config.databaseLogin().password());
        assertTrue(config.toString().contains("user=platform"), config.toString());
        assertTrue(!config.toString().contains("s3cret-value"), config.toString());
    }

    @Test
    void leaderElectionIsOffUntilALeaseNamespaceIsGivenAndItsLeaseIsBounded() {
        assertTrue(Config.fromEnv(Map.of()).leaderElection().isEmpty());
        assertEquals(Optional.of(new Config.LeaderElection("urumi-system", "urumi-leader", Duration.ofSeconds(15))),
                Config.fromEnv(Map.of("URUMI_LEADER_ELECTION_NAMESPACE", "urumi-system")).leaderElection());
        assertThrows(IllegalArgumentException.class, () -> Config.fromEnv(Map.of(
                "URUMI_LEADER_ELECTION_NAMESPACE", "urumi-system", "URUMI_LEADER_LEASE_SECONDS", "1")));
    }

    @Test
    void storeValuesMustBeAJsonObjectAndAreReadIntoTheDefaultsOfEveryStore() {
        assertEquals(Map.of(), Config.fromEnv(Map.of()).storeDefaults());
        assertEquals(Map.of("redis", Map.of("uid", 999)),
                Config.fromEnv(Map.of("URUMI_STORE_VALUES", "{\"redis\": {\"uid\": 999}}")).storeDefaults());
        for (String bad : java.util.List.of("{redis: 1", "[1, 2]", "\"text\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Config.fromEnv(Map.of("URUMI_STORE_VALUES", bad)));
            assertTrue(e.getMessage().startsWith("URUMI_STORE_VALUES must be a JSON object"), e.getMessage());
        }
    }
}
