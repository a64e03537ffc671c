package io.urumi.ui;

/** An error page: the status, a heading, what happened in plain words, and where to go next. */
public record ErrorView(int status, String heading, String message, String backHref, String backLabel) {
}
