package io.urumi.provision;

/** A provisioning step that failed, with a reason a person understands and what to do about it. */
public final class StepFailure extends RuntimeException {
    private final String step;

    public StepFailure(String step, String reason, Throwable cause) {
        super(reason, cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
