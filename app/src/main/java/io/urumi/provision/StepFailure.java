package io.urumi.provision;

/** A provisioning step that failed, with a reason a person understands and what to do about it. */
public final class StepFailure extends RuntimeException {
    private final String step;
    private final boolean storeStillReady;
    private final boolean transientFailure;

    public StepFailure(String step, String reason, Throwable cause) {
        this(step, reason, cause, false, false);
    }

    private StepFailure(String step, String reason, Throwable cause, boolean storeStillReady,
                        boolean transientFailure) {
        super(reason, cause);
        this.step = step;
        this.storeStillReady = storeStillReady;
        this.transientFailure = transientFailure;
    }

    /** The operation stopped on purpose because the store is to be deleted. */
    public static StepFailure cancelled(String step) {
        return new StepFailure(step, "Stopped: the store is to be deleted", null, false, false);
    }

    /** A failure that may pass by itself (the cluster was unreachable): worth trying again later. */
    public static StepFailure transientFailure(String step, String reason, Throwable cause) {
        return new StepFailure(step, reason, cause, false, true);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** An operation that failed but left the store serving, e.g. an upgrade that was rolled back. */
    public static StepFailure recovered(String step, String reason, Throwable cause) {
        return new StepFailure(step, reason, cause, true, false);
    }

    public boolean storeStillReady() {
        return storeStillReady;
    }

    public String step() {
        return step;
    }
}
