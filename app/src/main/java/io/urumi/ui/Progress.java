package io.urumi.ui;

import io.urumi.store.StepPlan;
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
    private static final Map<String, String> OTHER_TITLES = Map.of("internal", "Platform error");

    private Progress() {
    }

    /**
     * The steps of the store's latest operation, as that operation's plan declares them (so steps still to come
     * show as waiting), each with what its events say. A step the plan lacks shows only if it ran or failed.
     */
    public static List<ProgressStep> of(Store store, StepPlan plan, List<StoreEvent> timeline, Instant now) {
        List<StoreEvent> events = latestOperation(timeline);
        Map<String, List<StoreEvent>> byStep = new LinkedHashMap<>();
        for (StepPlan.Step planned : plan.steps()) {
            if (!planned.ifItHappens() || events.stream().anyMatch(e -> planned.key().equals(e.step()))) {
                byStep.put(planned.key(), new ArrayList<>());
            }
        }
        for (StoreEvent e : events) {
            if (byStep.containsKey(e.step()) || e.status() != StoreEvent.Status.INFO) {
                byStep.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(e);
            }
        }
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

    private static String title(StepPlan plan, String step) {
        String known = plan.step(step).map(StepPlan.Step::title).orElse(OTHER_TITLES.get(step));
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
}
