package io.urumi.ui;

import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns a store's event timeline into the steps of its latest operation: done, running now, failed, waiting. */
public final class Progress {
    /** A failed Helm test is shown as a failed step while the store itself stays READY (see ReleaseTests). */
    private static final String RELEASE_TEST = "Helm test (storefront and admin page answer)";
    private static final Map<String, String> PROVISION = titles(
            "requested", "Request recorded",
            "namespace", "Namespace",
            "quota", "Resource quota and limits",
            "network-policy", "Network policies",
            "credentials", "Admin credentials",
            "release", "Helm release and pods",
            "setup-job", "Store setup (WooCommerce and sample products)",
            "release-test", RELEASE_TEST,
            "ready", "Ready");
    private static final Map<String, String> DELETE = titles(
            "requested", "Request recorded",
            "uninstall", "Uninstall Helm release",
            "namespace-delete", "Delete namespace",
            "deleted", "Deleted");
    private static final Map<String, String> UPGRADE = titles(
            "requested", "Request recorded",
            "upgrade", "Upgrade release, pods and setup job",
            "release-test", RELEASE_TEST,
            "ready", "Ready");
    private static final Map<String, String> UPGRADE_ROLLED_BACK = titles(
            "requested", "Request recorded",
            "upgrade", "Upgrade release, pods and setup job",
            "rollback", "Automatic rollback to the revision that was serving",
            "release-test", RELEASE_TEST,
            "ready", "Ready");
    private static final Map<String, String> ROLLBACK = titles(
            "requested", "Request recorded",
            "rollback", "Restore the revision's chart and values, pods and setup job",
            "release-test", RELEASE_TEST,
            "ready", "Ready");
    private static final Set<String> PROVISION_ONLY = Set.of("namespace", "quota", "network-policy", "credentials",
            "release", "setup-job", "ready");
    private static final Map<String, String> OTHER_TITLES = Map.of("internal", "Platform error");

    private Progress() {
    }

    public static List<ProgressStep> of(Store store, List<StoreEvent> timeline, Instant now) {
        List<StoreEvent> events = latestOperation(timeline);
        Map<String, String> plan = plan(store.state(), events);
        Map<String, List<StoreEvent>> byStep = new LinkedHashMap<>();
        plan.keySet().forEach(step -> byStep.put(step, new ArrayList<>()));
        events.forEach(e -> byStep.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(e));
        if (store.state() == StoreState.FAILED && store.failedStep() != null) {
            byStep.putIfAbsent(store.failedStep(), new ArrayList<>());
        }
        List<ProgressStep> steps = new ArrayList<>();
        byStep.forEach((step, stepEvents) -> steps.add(step(store, step, title(plan, step), stepEvents, now)));
        return steps;
    }

    private static ProgressStep step(Store store, String step, String title, List<StoreEvent> events, Instant now) {
        StoreEvent started = last(events, Set.of(StoreEvent.Status.STARTED));
        StoreEvent latest = last(events, Set.of(StoreEvent.Status.STARTED, StoreEvent.Status.DONE,
                StoreEvent.Status.FAILED));
        if (store.state() == StoreState.FAILED && step.equals(store.failedStep())) {
            String reason = store.failureReason() != null ? store.failureReason()
                    : latest != null ? latest.message() : "";
            return new ProgressStep(step, title, ProgressStep.Phase.FAILED, reason, "");
        }
        if (latest == null) {
            ProgressStep.Phase idle = store.state().busy() ? ProgressStep.Phase.WAITING
                    : ProgressStep.Phase.NOT_REACHED;
            return new ProgressStep(step, title, idle, "", "");
        }
        return switch (latest.status()) {
            case DONE -> new ProgressStep(step, title, ProgressStep.Phase.DONE, latest.message(),
                    took(started, latest));
            case FAILED -> new ProgressStep(step, title, ProgressStep.Phase.FAILED, latest.message(), "");
            default -> store.state().busy()
                    ? new ProgressStep(step, title, ProgressStep.Phase.RUNNING, events.get(events.size() - 1).message(),
                    "for " + Durations.span(Duration.between(started.at(), now)))
                    // Started but the operation ended elsewhere (an unexpected error): it never finished.
                    : new ProgressStep(step, title, ProgressStep.Phase.FAILED, "Did not finish: " + latest.message(), "");
        };
    }

    /** How long a step took, left out when it was under a second: "0 s" on every quick step is noise. */
    private static String took(StoreEvent started, StoreEvent done) {
        if (started == null || started.at().isAfter(done.at())) {
            return "";
        }
        Duration took = Duration.between(started.at(), done.at());
        return took.getSeconds() < 1 ? "" : Durations.span(took);
    }

    /** Events of the newest operation; notes outside any operation (such as a password reveal) are not steps. */
    private static List<StoreEvent> latestOperation(List<StoreEvent> timeline) {
        Long latest = timeline.stream().map(StoreEvent::operationId).filter(Objects::nonNull)
                .max(Long::compare).orElse(null);
        return timeline.stream().filter(e -> latest != null && latest.equals(e.operationId())).toList();
    }

    /** The steps to expect, so the view shows what is still to come; unknown steps are shown as they happen. */
    private static Map<String, String> plan(StoreState state, List<StoreEvent> events) {
        if (state == StoreState.DELETING || state == StoreState.DELETED
                || events.stream().anyMatch(e -> DELETE.containsKey(e.step()) && !"requested".equals(e.step()))) {
            return DELETE;
        }
        // Upgrades and rollbacks end with a "ready" step too, so they are recognised before provisioning is.
        boolean upgrade = state == StoreState.UPGRADING || has(events, "upgrade");
        boolean rollback = state == StoreState.ROLLING_BACK || has(events, "rollback");
        if (upgrade) {
            return rollback ? UPGRADE_ROLLED_BACK : UPGRADE;
        }
        if (rollback) {
            return ROLLBACK;
        }
        if (state == StoreState.PROVISIONING || events.stream().anyMatch(e -> PROVISION_ONLY.contains(e.step()))) {
            return PROVISION;
        }
        return Map.of();
    }

    private static boolean has(List<StoreEvent> events, String step) {
        return events.stream().anyMatch(e -> step.equals(e.step()));
    }

    private static String title(Map<String, String> plan, String step) {
        String known = plan.getOrDefault(step, OTHER_TITLES.get(step));
        return known != null ? known : Character.toUpperCase(step.charAt(0)) + step.substring(1).replace('-', ' ');
    }

    private static StoreEvent last(List<StoreEvent> events, Set<StoreEvent.Status> statuses) {
        StoreEvent found = null;
        for (StoreEvent e : events) {
            if (statuses.contains(e.status())) {
                found = e;
            }
        }
        return found;
    }

    private static Map<String, String> titles(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
