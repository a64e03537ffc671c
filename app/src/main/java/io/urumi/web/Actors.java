package io.urumi.web;

import io.javalin.http.Context;

/** Who is asking. Until authentication lands (the guardrails issue) every caller is the local operator. */
final class Actors {
    static final String ANONYMOUS = "local-operator";

    private Actors() {
    }

    static String of(Context ctx) {
        return ANONYMOUS;
    }
}
