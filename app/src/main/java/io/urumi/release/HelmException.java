package io.urumi.release;

/** A Helm call that failed; the message is Helm's own, which names the object and the cause. */
public final class HelmException extends RuntimeException {
    public HelmException(String verb, RuntimeException cause) {
        super(verb + " failed: " + cleanMessage(cause.getMessage()), cause);
    }

    private static String cleanMessage(String message) {
        return message == null ? "no reason given" : message.strip();
    }
}
