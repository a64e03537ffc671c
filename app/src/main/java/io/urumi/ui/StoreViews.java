package io.urumi.ui;

import io.urumi.auth.Principal;
import io.urumi.drift.DriftService;
import io.urumi.provision.StepPlans;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.ReleaseRecord;
import io.urumi.store.ReleaseRepository;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreNames;
import io.urumi.store.StoreService;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds what the pages show from the store service and the release records; knows nothing of HTTP. */
public final class StoreViews {
    private static final Set<StoreState> SERVING = EnumSet.of(StoreState.READY, StoreState.UPGRADING,
            StoreState.ROLLING_BACK);
    private final StoreService stores;
    private final DriftService drift;
    private final ReleaseRepository releases;
    private final String baseDomain;
    private final Clock clock;

    public StoreViews(StoreService stores, DriftService drift, ReleaseRepository releases, String baseDomain, Clock clock) {
        this.stores = stores;
        this.drift = drift;
        this.releases = releases;
        this.baseDomain = baseDomain;
        this.clock = clock;
    }

    public StoreTable table(boolean includeDeleted, Principal viewer) {
        Instant now = clock.instant();
        List<StoreRow> rows = stores.list(includeDeleted, viewer).stream().map(s -> row(s, now)).toList();
        int busy = (int) rows.stream().filter(r -> "busy".equals(r.badge().tone())).count();
        return new StoreTable(rows, busy, includeDeleted);
    }

    public StoreDetail detail(String id) {
        Store s = stores.get(id);
        Instant now = clock.instant();
        List<StoreEvent> events = stores.events(id);
        List<ReleaseRecord> records = releases.history(id);
        int oldestKept = records.isEmpty() ? 0 : records.get(records.size() - 1).revision() - stores.historyMax() + 1;
        List<ReleaseRow> history = records.stream().map(r -> release(r, s.helmRevision(), oldestKept)).toList();
        String engine = Engines.label(s.engine());
        List<EventRow> timeline = new ArrayList<>(events.stream().map(e -> event(e, engine, now)).toList());
        Collections.reverse(timeline);
        StepPlan plan = stores.lastOperation(id).map(op -> StepPlans.of(op.type(), s.engine()))
                .orElse(StepPlan.builder().build());
        List<ProgressStep> steps = Progress.of(s, plan, events, now);
        return new StoreDetail(s.id(), engine, Badge.of(s.state()), url(s.id()),
                SERVING.contains(s.state()), s.adminEmail(), s.owner(),
                Engines.adminLogin(s.engine(), stores.adminUser(id), s.adminEmail()),
                url(s.id()) + Engines.adminPath(s.engine()), s.chartVersion(),
                s.helmRevision(), Durations.exact(s.createdAt()), provisioning(s, now),
                s.state() == StoreState.FAILED ? stepTitle(steps, s.failedStep()) : null, s.failureReason(),
                steps, history, timeline, s.state().busy(),
                s.state() == StoreState.FAILED, s.state() == StoreState.READY || s.state() == StoreState.FAILED,
                SERVING.contains(s.state()), s.state() == StoreState.DELETED, changes(s),
                events.stream().filter(e -> StoreEvent.RELEASE_TEST_STEP.equals(e.step()) && e.outcome())
                        .reduce((earlier, later) -> later).map(e -> event(e, engine, now)).orElse(null),
                DriftPanel.of(drift.latest(id).orElse(null), s.helmRevision(), now),
                stores.publishableKey(id).orElse(null));
    }

    /** Upgrades and rollbacks need a READY store; anything else says why not, in words. */
    private StoreChanges changes(Store s) {
        // Only versions that run the store's engine: moving to one without it would remove the store.
        List<String> targets = stores.chartVersions(s.engine()).stream().filter(v -> !v.equals(s.chartVersion()))
                .toList();
        String whyNot = switch (s.state()) {
            case READY -> null;
            case PROVISIONING -> "Upgrades and rollbacks become possible once the store is ready.";
            case FAILED -> "The store's last operation failed. Retry it first: only a ready store can be upgraded "
                    + "or rolled back.";
            case UPGRADING, ROLLING_BACK -> "An upgrade or rollback is running. Wait for it to finish.";
            case DELETING, DELETED -> "The store is deleted or being deleted.";
        };
        Operation op = stores.lastOperation(s.id()).orElse(null);
        return new StoreChanges(whyNot == null, whyNot, targets, notice(s, op));
    }

    /** Only upgrades and rollbacks get a notice: one running now, or one that failed while the store kept serving. */
    private static StoreChanges.Notice notice(Store s, Operation op) {
        if (op == null || (op.type() != Operation.Type.UPGRADE && op.type() != Operation.Type.ROLLBACK)) {
            return null;
        }
        String what = op.type() == Operation.Type.UPGRADE ? "upgrade to chart " + op.parameter()
                : "rollback to revision " + op.parameter();
        if (op.status().active()) {
            return new StoreChanges.Notice("busy", capitalized(what) + ", requested by " + op.requestedBy(),
                    "The store keeps serving its current revision until the new one is ready. This page follows "
                            + "every step.");
        }
        if (op.status() == Operation.Status.FAILED && s.state() == StoreState.READY) {
            return new StoreChanges.Notice("bad", "The " + what + " failed; the store was rolled back and is "
                    + "serving revision " + s.helmRevision() + " (chart " + s.chartVersion() + ")",
                    Objects.toString(op.error(), "No reason was recorded."));
        }
        return null;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public List<EventRow> activity(int limit, Principal viewer) {
        Instant now = clock.instant();
        List<StoreEvent> events = stores.recentEvents(limit, viewer);
        Map<String, Engine> engines = stores.engines(events.stream().map(StoreEvent::storeId).collect(Collectors.toSet()));
        return events.stream().map(e -> event(e, Optional.ofNullable(engines.get(e.storeId())).map(Engines::label)
                .orElse("—"), now)).toList();
    }

    private StoreRow row(Store s, Instant now) {
        return new StoreRow(s.id(), Engines.label(s.engine()), Badge.of(s.state()), url(s.id()),
                StoreNames.host(s.id(), baseDomain), SERVING.contains(s.state()), Durations.ago(s.createdAt(), now),
                Durations.iso(s.createdAt()), Durations.exact(s.createdAt()), provisioning(s, now));
    }

    /** How long provisioning took, or has taken so far while it runs. */
    private static String provisioning(Store s, Instant now) {
        Duration took = s.provisioningDuration();
        if (took != null) {
            return Durations.span(took);
        }
        if (s.state() == StoreState.PROVISIONING && s.provisioningStartedAt() != null) {
            return Durations.span(Duration.between(s.provisioningStartedAt(), now)) + " so far";
        }
        return "—";
    }

    private static String stepTitle(List<ProgressStep> steps, String key) {
        return steps.stream().filter(p -> p.key().equals(key)).map(ProgressStep::title).findFirst().orElse(key);
    }

    private String url(String id) {
        return "http://" + StoreNames.host(id, baseDomain);
    }

    private static EventRow event(StoreEvent e, String engine, Instant now) {
        return new EventRow(e.storeId(), engine, e.step(), Badge.of(e.status()), e.message(), Durations.ago(e.at(), now),
                Durations.iso(e.at()), Durations.exact(e.at()));
    }

    private static ReleaseRow release(ReleaseRecord r, Integer current, int oldestKept) {
        return new ReleaseRow(r.revision(), r.chartVersion(), Objects.toString(r.appVersion(), "—"), r.status(),
                Objects.toString(r.description(), ""), r.requestedBy(), Durations.exact(r.createdAt()),
                current != null && current == r.revision(), r.revision() >= oldestKept);
    }
}
