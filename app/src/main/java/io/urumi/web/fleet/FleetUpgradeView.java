package io.urumi.web.fleet;

import io.urumi.fleet.FleetUpgrade;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A fleet upgrade as the API shows it: its state, why it halted, and progress per wave and per store. */
public record FleetUpgradeView(long id, String fromVersion, String toVersion, String state, String requestedBy,
                               String haltedStore, String haltReason, Integer currentWave,
                               Map<String, Long> progress, List<Wave> waves, Instant createdAt,
                               Instant finishedAt) {

    /** One wave and its stores. */
    public record Wave(int wave, String status, List<StoreProgress> stores) {
    }

    /** One store's part: where its upgrade is, the operation that carries it, and what went wrong. */
    public record StoreProgress(String store, String status, Long operationId, String error, Instant updatedAt) {
    }

    static FleetUpgradeView of(FleetUpgrade fleet) {
        Map<String, Long> progress = new LinkedHashMap<>();
        progress.put("total", (long) fleet.stores().size());
        for (FleetUpgrade.Status status : FleetUpgrade.Status.values()) {
            progress.put(camel(status.name()), fleet.count(status));
        }
        List<Wave> waves = IntStream.rangeClosed(1, fleet.waveCount())
                .mapToObj(n -> new Wave(n, fleet.waveStatus(n).name(), fleet.wave(n).stream()
                        .map(m -> new StoreProgress(m.storeId(), m.status().name(), m.operationId(), m.error(),
                                m.updatedAt()))
                        .toList()))
                .toList();
        return new FleetUpgradeView(fleet.id(), fleet.fromVersion(), fleet.toVersion(), fleet.state().name(),
                fleet.requestedBy(), fleet.haltedStore(), fleet.haltReason(), fleet.currentWave().orElse(null),
                progress, waves, fleet.createdAt(), fleet.finishedAt());
    }

    private static String camel(String constant) {
        String[] parts = constant.toLowerCase().split("_");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }
}
