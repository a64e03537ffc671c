package io.urumi.devcluster;

import java.util.Arrays;
import java.util.Optional;

/** A misbehaviour the node simulator can inject into every pod of one namespace. */
public enum Fault {
    /** Pods owned by a Job end Failed (exit code 1) instead of Succeeded. */
    FAIL_JOBS("fail-jobs"),
    /**
     * Helm test pods end Failed (bare test-hook pods, and pods labelled app.kubernetes.io/component=test as the
     * store chart's test Job makes them); everything else behaves normally.
     */
    FAIL_TESTS("fail-tests"),
    /** Long-running pods go Running but never become Ready. */
    NEVER_READY("never-ready"),
    /** Pods stay Pending until the fault is cleared, then proceed normally. */
    HOLD("hold");

    private final String value;

    Fault(String value) {
        this.value = value;
    }

    /** The string stored in the faults ConfigMap. */
    public String value() {
        return value;
    }

    public static Optional<Fault> parse(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }
}
