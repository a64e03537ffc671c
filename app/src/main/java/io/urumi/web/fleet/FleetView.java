package io.urumi.web.fleet;

import io.urumi.ui.Badge;
import io.urumi.ui.Durations;

import io.urumi.fleet.FleetUpgrade;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** A fleet upgrade as the fleet page shows it: state, why it halted, and each wave with its stores. */
public record FleetView(long id, String fromVersion, String toVersion, Badge badge, String requestedBy, String ago,
                        String iso, String exact, String haltedStore, String haltReason, String progress,
                        List<Wave> waves) {

    /** One wave of the plan. */
    public record Wave(int number, Badge badge, List<Member> stores) {
    }

    /** One store of a wave; {@code note} says why it failed, was skipped or never started. */
    public record Member(String storeId, Badge badge, String note) {
    }

    public boolean running() {
        return "Running".equals(badge.label());
    }

    static FleetView of(FleetUpgrade fleet, Instant now) {
        List<Wave> waves = IntStream.rangeClosed(1, fleet.waveCount())
                .mapToObj(n -> new Wave(n, badge(fleet.waveStatus(n)), fleet.wave(n).stream()
                        .map(m -> new Member(m.storeId(), badge(m.status()), m.error())).toList()))
                .toList();
        String progress = fleet.count(FleetUpgrade.Status.SUCCEEDED) + " of " + fleet.stores().size()
                + " stores upgraded" + (fleet.count(FleetUpgrade.Status.SKIPPED) > 0
                ? ", " + fleet.count(FleetUpgrade.Status.SKIPPED) + " skipped" : "");
        return new FleetView(fleet.id(), fleet.fromVersion(), fleet.toVersion(), badge(fleet.state()),
                fleet.requestedBy(), Durations.ago(fleet.createdAt(), now), Durations.iso(fleet.createdAt()),
                Durations.exact(fleet.createdAt()), fleet.haltedStore(), fleet.haltReason(), progress, waves);
    }

    static Badge badge(FleetUpgrade.State state) {
        return switch (state) {
            case RUNNING -> new Badge("Running", "◔", "busy");
            case SUCCEEDED -> new Badge("Succeeded", "✓", "ok");
            case HALTED -> new Badge("Halted", "✕", "bad");
        };
    }

    static Badge badge(FleetUpgrade.WaveStatus status) {
        return switch (status) {
            case PENDING -> new Badge("Waiting", "…", "muted");
            case RUNNING -> new Badge("Upgrading", "◔", "busy");
            case SUCCEEDED -> new Badge("Done", "✓", "ok");
            case FAILED -> new Badge("Failed", "✕", "bad");
            case NOT_STARTED -> new Badge("Not started", "–", "muted");
        };
    }

    static Badge badge(FleetUpgrade.Status status) {
        return switch (status) {
            case PENDING -> new Badge("Waiting", "…", "muted");
            case UPGRADING -> new Badge("Upgrading", "◔", "busy");
            case SUCCEEDED -> new Badge("Upgraded", "✓", "ok");
            case FAILED -> new Badge("Failed", "✕", "bad");
            case SKIPPED -> new Badge("Skipped", "–", "muted");
            case NOT_STARTED -> new Badge("Untouched", "–", "muted");
        };
    }
}
