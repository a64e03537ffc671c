package io.urumi.provision;

/** A provisioning step that failed, with a reason a person understands and what to do about it. */
public final class StepFailure extends RuntimeException {
    private final String step;
    private final boolean storeStillReady;

    public StepFailure(String step, String reason, Throwable cause) {
        this(step, reason, cause, false);
    }

    private StepFailure(String step, String reason, Throwable cause, boolean storeStillReady) {
        super(reason, cause);
        this.step = step;
        this.storeStillReady = storeStillReady;
    }

    /** An operation that failed but left the store serving, e.g. an upgrade that was rolled back. */
    public static StepFailure recovered(String step, String reason, Throwable cause) {
        return new StepFailure(step, reason, cause, true);
    }

    public boolean storeStillReady() {
        return storeStillReady;
    }

    public String step() {
        return step;
    }
}
