package io.urumi.ui;

/** Why an action asked for on the store page was not carried out, shown on that page; nothing was changed. */
public record Refusal(String heading, String message) {
}
