package io.urumi.web.http;

/** Answered 429 with a message a person understands; whoever throws it has set Retry-After. */
public final class TooManyRequests extends RuntimeException {
    public TooManyRequests(String message) {
        super(message, null, false, false);
    }
}
