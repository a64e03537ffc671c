package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.provision.StepPlans;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import io.urumi.store.Store;
import io.urumi.store.StoreEvent;
import io.urumi.store.StoreEvent.Status;
import io.urumi.store.StoreState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress view reads the latest operation's events as done, running now, failed, and still to come. */
class ProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final StepPlan CREATE = StepPlans.of(Operation.Type.CREATE, Engine.WOOCOMMERCE);
    private final List<StoreEvent> events = new ArrayList<>();

    @Test
    void aStoreBeingProvisionedShowsWhatIsDoneWhatRunsNowAndWhatIsStillToCome() {
        event(1L, "requested", Status.DONE, "Store requested by local-operator", 0);
        event(1L, "namespace", Status.STARTED, "Creating namespace store-shop", 1);
        event(1L, "namespace", Status.DONE, "Namespace store-shop ready", 3);
        event(1L, "access", Status.STARTED, "Granting the platform the store installer role", 3);
        event(1L, "access", Status.DONE, "RoleBinding created", 3);
        event(1L, "quota", Status.STARTED, "Applying resource quota and limit range", 4);

        List<ProgressStep> steps = Progress.of(store(StoreState.PROVISIONING, null, null), CREATE, events,
                T0.plusSeconds(10));

        assertEquals(List.of("requested", "namespace", "access", "quota", "network-policy", "credentials", "release",
                "setup-job", "release-test", "ready"), steps.stream().map(ProgressStep::key).toList());
        assertEquals(ProgressStep.Phase.DONE, steps.get(1).phase());
        assertEquals("2 s", steps.get(1).timing());
        assertEquals(ProgressStep.Phase.RUNNING, steps.get(3).phase());
        assertEquals("for 6 s", steps.get(3).timing());
        assertEquals(ProgressStep.Phase.WAITING, steps.get(4).phase());
    }

    @Test
    void aFailedStepCarriesTheReasonAndTheStepsAfterItWereNotReached() {
        event(1L, "requested", Status.DONE, "requested", 0);
        event(1L, "release", Status.STARTED, "Installing", 1);
        event(1L, "setup-job", Status.FAILED, "The setup job failed (BackoffLimitExceeded). Fix it, then retry.", 9);

        List<ProgressStep> steps = Progress.of(store(StoreState.FAILED, "setup-job",
                "The setup job failed (BackoffLimitExceeded). Fix it, then retry."), CREATE, events,
                T0.plusSeconds(20));

        ProgressStep setup = steps.stream().filter(s -> s.key().equals("setup-job")).findFirst().orElseThrow();
        assertEquals(ProgressStep.Phase.FAILED, setup.phase());
        assertTrue(setup.detail().contains("BackoffLimitExceeded"));
        assertEquals(ProgressStep.Phase.NOT_REACHED, steps.get(steps.size() - 1).phase());
    }

    @Test
    void onlyTheLatestOperationCountsAndNotesOutsideOperationsAreNotSteps() {
        event(1L, "requested", Status.DONE, "requested", 0);
        event(1L, "namespace", Status.FAILED, "cluster unreachable", 1);
        event(null, "credentials-revealed", Status.INFO, "Admin password revealed", 2);
        event(2L, "requested", Status.DONE, "Retry requested by local-operator", 3);
        event(2L, "namespace", Status.STARTED, "Creating namespace", 4);

        List<ProgressStep> steps = Progress.of(store(StoreState.PROVISIONING, null, null),
                StepPlans.of(Operation.Type.RETRY, Engine.WOOCOMMERCE), events, T0.plusSeconds(5));

        assertEquals("Retry requested by local-operator", steps.get(0).detail());
        assertEquals(ProgressStep.Phase.RUNNING, steps.get(1).phase());
        assertTrue(steps.stream().noneMatch(s -> s.key().equals("credentials-revealed")));
    }

    @Test
    void aDeletionShowsTheDeletionSteps() {
        event(3L, "requested", Status.DONE, "Deletion requested by local-operator", 0);
        event(3L, "uninstall", Status.STARTED, "Uninstalling release urumi-shop", 1);

        List<ProgressStep> steps = Progress.of(store(StoreState.DELETING, null, null),
                StepPlans.of(Operation.Type.DELETE, Engine.WOOCOMMERCE), events, T0.plusSeconds(2));

        assertEquals(List.of("requested", "uninstall", "namespace-delete", "deleted"),
                steps.stream().map(ProgressStep::key).toList());
        assertEquals(ProgressStep.Phase.RUNNING, steps.get(1).phase());
    }

    @Test
    void anUpgradeShowsItsOwnStepsNotTheProvisioningOnes() {
        event(4L, "requested", Status.DONE, "Upgrade to chart 0.2.0 requested by local-operator", 0);
        event(4L, "upgrade", Status.STARTED, "Upgrading to chart 0.2.0", 1);

        StepPlan upgrade = StepPlans.of(Operation.Type.UPGRADE, Engine.WOOCOMMERCE);
        List<ProgressStep> running = Progress.of(store(StoreState.UPGRADING, null, null), upgrade, events,
                T0.plusSeconds(3));
        assertEquals(List.of("requested", "upgrade", "release-test", "ready"),
                running.stream().map(ProgressStep::key).toList());
        assertEquals(ProgressStep.Phase.RUNNING, running.get(1).phase());
        assertEquals(ProgressStep.Phase.WAITING, running.get(2).phase());

        event(4L, "upgrade", Status.FAILED, "setup job failed", 9);
        event(4L, "rollback", Status.STARTED, "Upgrade failed; rolling back to revision 1", 9);
        event(4L, "rollback", Status.DONE, "Rolled back", 12);
        event(4L, "release-test", Status.STARTED, "Running the chart's Helm test", 12);
        event(4L, "release-test", Status.DONE, "Helm test passed", 12);
        event(4L, "ready", Status.DONE, "Store is ready at revision 3 (chart 0.1.0)", 12);
        List<ProgressStep> recovered = Progress.of(store(StoreState.READY, null, null), upgrade, events,
                T0.plusSeconds(13));
        assertEquals(List.of("requested", "upgrade", "rollback", "release-test", "ready"),
                recovered.stream().map(ProgressStep::key).toList());
        assertEquals(List.of(ProgressStep.Phase.DONE, ProgressStep.Phase.FAILED, ProgressStep.Phase.DONE,
                ProgressStep.Phase.DONE, ProgressStep.Phase.DONE), recovered.stream().map(ProgressStep::phase).toList());
    }

    @Test
    void aRollbackShowsItsOwnSteps() {
        event(5L, "requested", Status.DONE, "Rollback to revision 1 requested by local-operator", 0);
        event(5L, "rollback", Status.STARTED, "Restoring revision 1", 1);

        List<ProgressStep> steps = Progress.of(store(StoreState.ROLLING_BACK, null, null),
                StepPlans.of(Operation.Type.ROLLBACK, Engine.WOOCOMMERCE), events, T0.plusSeconds(2));

        assertEquals(List.of("requested", "rollback", "release-test", "ready"),
                steps.stream().map(ProgressStep::key).toList());
        assertEquals(ProgressStep.Phase.RUNNING, steps.get(1).phase());
    }

    @Test
    void aFailedHelmTestShowsAsAFailedStepOfAStoreThatIsStillReady() {
        event(1L, "requested", Status.DONE, "requested", 0);
        event(1L, "setup-job", Status.DONE, "Setup job completed", 5);
        event(1L, "release-test", Status.STARTED, "Running the chart's Helm test", 6);
        event(1L, "release-test", Status.FAILED, "The Helm test did not pass (pod urumi-shop-test failed)", 8);
        event(1L, "ready", Status.DONE, "Store is ready", 8);

        List<ProgressStep> steps = Progress.of(store(StoreState.READY, null, null), CREATE, events,
                T0.plusSeconds(9));

        ProgressStep test = steps.stream().filter(s -> s.key().equals("release-test")).findFirst().orElseThrow();
        assertEquals(ProgressStep.Phase.FAILED, test.phase());
        assertTrue(test.detail().contains("urumi-shop-test failed"), test.detail());
        assertEquals("Helm test (storefront and admin page answer)", test.title());
        assertEquals(ProgressStep.Phase.DONE, steps.get(steps.size() - 1).phase(), "the store is ready all the same");
    }

    @Test
    void anUnexpectedErrorShowsWhereWorkStoppedAndWhy() {
        event(1L, "requested", Status.DONE, "requested", 0);
        event(1L, "release", Status.STARTED, "Installing release urumi-shop", 1);

        List<ProgressStep> steps = Progress.of(store(StoreState.FAILED, "internal",
                "The platform hit an unexpected error: boom. Retry."), CREATE, events, T0.plusSeconds(3));

        ProgressStep release = steps.stream().filter(s -> s.key().equals("release")).findFirst().orElseThrow();
        assertEquals(ProgressStep.Phase.FAILED, release.phase());
        ProgressStep internal = steps.get(steps.size() - 1);
        assertEquals("internal", internal.key());
        assertEquals("Platform error", internal.title());
        assertTrue(internal.detail().contains("unexpected error"));
    }

    @Test
    void aFinishedProvisioningListsEveryStepInTheOrderItRanEndingWithReady() {
        List<String> ran = List.of("requested", "namespace", "access", "quota", "network-policy", "credentials",
                "release", "setup-job", "release-test", "ready");
        for (String step : ran) {
            event(1L, step, Status.DONE, step + " done", 1);
        }
        List<ProgressStep> steps = Progress.of(store(StoreState.READY, null, null), CREATE, events,
                T0.plusSeconds(2));
        assertEquals(ran, steps.stream().map(ProgressStep::key).toList());
        assertTrue(steps.stream().allMatch(s -> s.phase() == ProgressStep.Phase.DONE));
    }

    @Test
    void aFinishedRestartShowsOnlyTheRestartsStepsNoneOfThemNotReached() {
        event(6L, "requested", Status.DONE, "Restart requested by local-operator", 0);
        event(6L, "restart", Status.STARTED, "Replacing the store's pods", 1);
        event(6L, "restart", Status.DONE, "Restart requested for 2 workload(s)", 1);
        event(6L, "rollout", Status.STARTED, "Waiting until the new pods are ready", 1);
        event(6L, "rollout", Status.DONE, "All pods restarted and ready", 4);
        event(6L, "ready", Status.DONE, "Store restarted and ready", 4);

        List<ProgressStep> steps = Progress.of(store(StoreState.READY, null, null),
                StepPlans.of(Operation.Type.RESTART, Engine.MEDUSA), events, T0.plusSeconds(5));

        assertEquals(List.of("Request recorded", "Replace the store's pods", "New pods ready", "Ready"),
                steps.stream().map(ProgressStep::title).toList());
        assertTrue(steps.stream().allMatch(s -> s.phase() == ProgressStep.Phase.DONE), steps.toString());
    }

    @Test
    void aPasswordResetAndARepairShowTheirOwnStepsAndNotesAreNotSteps() {
        event(7L, "requested", Status.DONE, "Password reset requested", 0);
        event(7L, "credentials", Status.DONE, "New admin password stored", 1);
        event(7L, "apply", Status.STARTED, "Running the store's setup job again", 1);
        event(7L, "release", Status.INFO, "Recovered the interrupted release", 1);
        List<ProgressStep> reset = Progress.of(store(StoreState.READY, null, null),
                StepPlans.of(Operation.Type.RESET_PASSWORD, Engine.WOOCOMMERCE), events, T0.plusSeconds(2));
        assertEquals(List.of("requested", "credentials", "apply", "ready"),
                reset.stream().map(ProgressStep::key).toList());

        events.clear();
        event(8L, "requested", Status.DONE, "Repair requested", 0);
        event(8L, "guard-rails", Status.DONE, "applied", 1);
        event(8L, "repair", Status.FAILED, "The setup job failed", 2);
        event(8L, "setup-job", Status.FAILED, "The setup job failed (BackoffLimitExceeded)", 2);
        List<ProgressStep> repair = Progress.of(store(StoreState.FAILED, "setup-job", "The setup job failed"),
                StepPlans.of(Operation.Type.REPAIR, Engine.WOOCOMMERCE), events, T0.plusSeconds(3));
        assertEquals(List.of("requested", "guard-rails", "repair", "setup-job", "rollout", "ready"),
                repair.stream().map(ProgressStep::key).toList(), "the setup step shows where it belongs when it ran");
    }

    @Test
    void eachEngineIsToldWhatItsOwnSetupDoes() {
        String woo = StepPlans.of(Operation.Type.CREATE, Engine.WOOCOMMERCE).step("setup-job").orElseThrow().title();
        String medusa = StepPlans.of(Operation.Type.CREATE, Engine.MEDUSA).step("setup-job").orElseThrow().title();
        assertTrue(woo.contains("WooCommerce"), woo);
        assertFalse(medusa.contains("WooCommerce") || medusa.contains("WordPress"), medusa);
        assertTrue(medusa.contains("migrations"), medusa);
    }

    private void event(Long operation, String step, Status status, String message, int second) {
        events.add(new StoreEvent(events.size() + 1, "shop", operation, step, status, message,
                T0.plusSeconds(second)));
    }

    private static Store store(StoreState state, String failedStep, String reason) {
        return new Store("shop", Engine.WOOCOMMERCE, state, "owner@example.com", "local-operator", null, null,
                failedStep, reason, T0, T0, null, null, T0);
    }
}
