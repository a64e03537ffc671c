package io.urumi.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fleet upgrades and each store's place in one: which wave, and how it went. */
public interface FleetUpgradeRepository {
    /**
     * Records a RUNNING fleet upgrade and its plan, every store PENDING in its wave (waves numbered from 1).
     * Another fleet upgrade still running is a conflict (the UNIQUE running_slot column).
     */
    long create(String fromVersion, String toVersion, String requestedBy, List<List<String>> waves,
                Instant now);

    Optional<FleetUpgrade> find(long id);

    /** Every fleet upgrade, newest first. */
    List<FleetUpgrade> list();

    Optional<FleetUpgrade> running();

    /** Fleet upgrades with work left: RUNNING ones, and halted ones still waiting for upgrades they had queued. */
    List<Long> unsettled();

    /** Records where one store is; a store that already finished is left as it is. */
    void updateMember(long fleetId, String storeId, FleetUpgrade.Status status, Long operationId, String error,
                      Instant now);

    /** Stops a RUNNING fleet upgrade at a store's failure; stores whose wave never started are marked NOT_STARTED. */
    boolean halt(long id, String storeId, String reason, Instant now);

    boolean succeed(long id, Instant now);
}
