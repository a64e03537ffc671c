package io.urumi.fleet;

import io.urumi.store.Store;
import io.urumi.store.StoreRepository;
import io.urumi.store.StoreState;

import io.urumi.fleet.FleetPlan;
import io.urumi.error.PlatformException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fleet upgrades as users see them: a request is validated, planned in waves and recorded; the fleet upgrader
 * carries it out wave by wave.
 */
public final class FleetService {
    private final FleetUpgradeRepository fleets;
    private final StoreRepository stores;
    private final List<String> chartVersions;
    private final Runnable workAvailable;
    private final Clock clock;

    public FleetService(FleetUpgradeRepository fleets, StoreRepository stores, List<String> chartVersions,
                        Runnable workAvailable, Clock clock) {
        this.fleets = fleets;
        this.stores = stores;
        this.chartVersions = List.copyOf(chartVersions);
        this.workAvailable = workAvailable;
        this.clock = clock;
    }

    /**
     * Plans and records a fleet upgrade of every store on {@code fromVersion}. The canary is the first READY store
     * by name; the other stores follow by name. Stores that are not READY now are planned too: their wave checks
     * them again and skips them if they still are not.
     */
    public FleetUpgrade start(String fromVersion, String toVersion, String actor) {
        if (fromVersion == null || fromVersion.isBlank()) {
            throw PlatformException.invalid("fromVersion", "fromVersion is required, e.g. \"0.1.0\"");
        }
        if (toVersion == null || toVersion.isBlank()) {
            throw PlatformException.invalid("toVersion", "toVersion is required, e.g. \"0.2.0\"");
        }
        if (!chartVersions.contains(toVersion)) {
            throw PlatformException.notFound("Chart version '" + toVersion + "' is not available; available: "
                    + String.join(", ", chartVersions) + ".");
        }
        if (fromVersion.equals(toVersion)) {
            throw PlatformException.invalid("toVersion", "toVersion must differ from fromVersion (both are "
                    + toVersion + ").");
        }
        fleets.running().ifPresent(running -> {
            throw PlatformException.conflict("fleet_upgrade_running", "Fleet upgrade " + running.id() + " ("
                    + running.fromVersion() + " to " + running.toVersion() + ") is still running; wait for it to "
                    + "finish.");
        });
        List<Store> onVersion = stores.list(false).stream()
                .filter(s -> fromVersion.equals(s.chartVersion()) && s.state() != StoreState.DELETING)
                .sorted(Comparator.comparing(Store::id))
                .toList();
        Store canary = onVersion.stream().filter(s -> s.state() == StoreState.READY).findFirst()
                .orElseThrow(() -> PlatformException.conflict("no_ready_stores", "No READY store runs chart "
                        + fromVersion + ", so there is nothing to upgrade (" + census() + ")."));
        List<String> ordered = new ArrayList<>();
        ordered.add(canary.id());
        onVersion.stream().map(Store::id).filter(id -> !id.equals(canary.id())).forEach(ordered::add);
        long id = fleets.create(fromVersion, toVersion, actor, FleetPlan.waves(ordered, FleetPlan.SLICE_PERCENT),
                clock.instant());
        workAvailable.run();
        return get(id);
    }

    public FleetUpgrade get(long id) {
        return fleets.find(id).orElseThrow(() -> PlatformException.notFound("No fleet upgrade " + id + "."));
    }

    /** Every fleet upgrade, newest first. */
    public List<FleetUpgrade> list() {
        return fleets.list();
    }

    /** The chart versions stores can be moved to, oldest first. */
    public List<String> chartVersions() {
        return chartVersions;
    }

    /** READY stores per chart version, e.g. "0.1.0: 3, 0.2.0: 1": what a fleet upgrade could start from. */
    public Map<String, Long> readyStoresByVersion() {
        return stores.list(false).stream()
                .filter(s -> s.state() == StoreState.READY && s.chartVersion() != null)
                .collect(Collectors.groupingBy(Store::chartVersion, TreeMap::new, Collectors.counting()));
    }

    private String census() {
        Map<String, Long> counts = readyStoresByVersion();
        if (counts.isEmpty()) {
            return "no store is READY";
        }
        return "READY stores by chart version: " + counts.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }
}
