package io.urumi.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps one kind of operation goes through, in order, with the titles people read. Each operation declares its
 * plan and records its events under the plan's step keys; the store page and the API render the plan of the
 * operation that ran, so what is shown cannot drift from what runs.
 *
 * <p>A step marked {@code ifItHappens} is shown only once it has an event: the automatic rollback of a failed
 * upgrade, or the setup Job that a redeploy's hook failed in.
 */
public record StepPlan(List<Step> steps) {

    /** One step: its event key, its title, and whether it is shown only when it happened. */
    public record Step(String key, String title, boolean ifItHappens) {
    }

    public StepPlan {
        steps = List.copyOf(steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Step> step(String key) {
        return steps.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public List<String> keys() {
        return steps.stream().map(Step::key).toList();
    }

    /** Adds steps in order. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();

        public Builder step(String key, String title) {
            steps.add(new Step(key, title, false));
            return this;
        }

        public Builder ifItHappens(String key, String title) {
            steps.add(new Step(key, title, true));
            return this;
        }

        public StepPlan build() {
            return new StepPlan(steps);
        }
    }
}
