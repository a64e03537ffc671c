package io.urumi.ui;

import io.urumi.cluster.StoreNames;
import io.urumi.release.ReleaseRecord;
import io.urumi.release.ReleaseRepository;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreService;
import io.urumi.store.StoreState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Builds what the pages show from the store service and the release records; knows nothing of HTTP. */
public final class StoreViews {
    private static final Set<StoreState> SERVING = EnumSet.of(StoreState.READY, StoreState.UPGRADING,
            StoreState.ROLLING_BACK);
    private final StoreService stores;
    private final ReleaseRepository releases;
    private final String baseDomain;
    private final Clock clock;

    public StoreViews(StoreService stores, ReleaseRepository releases, String baseDomain, Clock clock) {
        this.stores = stores;
        this.releases = releases;
        this.baseDomain = baseDomain;
        this.clock = clock;
    }

    public StoreTable table(boolean includeDeleted) {
        Instant now = clock.instant();
        List<StoreRow> rows = stores.list(includeDeleted).stream().map(s -> row(s, now)).toList();
        int busy = (int) rows.stream().filter(r -> "busy".equals(r.badge().tone())).count();
        return new StoreTable(rows, busy, includeDeleted);
    }

    public StoreDetail detail(String id) {
        Store s = stores.get(id);
        Instant now = clock.instant();
        List<StoreEvent> events = stores.events(id);
        List<ReleaseRow> history = releases.history(id).stream().map(r -> release(r, s.helmRevision())).toList();
        List<EventRow> timeline = new ArrayList<>(events.stream().map(e -> event(e, now)).toList());
        Collections.reverse(timeline);
        List<ProgressStep> steps = Progress.of(s, events, now);
        return new StoreDetail(s.id(), Engines.label(s.engine()), Badge.of(s.state()), url(s.id()),
                SERVING.contains(s.state()), s.adminEmail(), s.owner(), stores.adminUser(id), s.chartVersion(),
                s.helmRevision(), Durations.exact(s.createdAt()), provisioning(s, now),
                s.state() == StoreState.FAILED ? stepTitle(steps, s.failedStep()) : null, s.failureReason(),
                steps, history, timeline, s.state().busy(),
                s.state() == StoreState.FAILED, s.state() == StoreState.READY || s.state() == StoreState.FAILED,
                SERVING.contains(s.state()), s.state() == StoreState.DELETED);
    }

    public List<EventRow> activity(int limit) {
        Instant now = clock.instant();
        return stores.recentEvents(limit).stream().map(e -> event(e, now)).toList();
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

    private static EventRow event(StoreEvent e, Instant now) {
        return new EventRow(e.storeId(), e.step(), Badge.of(e.status()), e.message(), Durations.ago(e.at(), now),
                Durations.iso(e.at()), Durations.exact(e.at()));
    }

    private static ReleaseRow release(ReleaseRecord r, Integer current) {
        return new ReleaseRow(r.revision(), r.chartVersion(), Objects.toString(r.appVersion(), "—"), r.status(),
                Objects.toString(r.description(), ""), r.requestedBy(), Durations.exact(r.createdAt()),
                current != null && current == r.revision());
    }
}
