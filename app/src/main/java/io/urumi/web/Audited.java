package io.urumi.web;

import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Declared on a route beside its access rule: every request to it leaves an audit row under {@code action}. The route
 * table is the one place that says which requests are audited.
 */
public record Audited(String action) implements RouteRole {

    public static Audited as(String action) {
        return new Audited(action);
    }

    /** The audit action a matched route declares, if any. */
    static Optional<String> actionOf(Set<RouteRole> roles) {
        return roles.stream().filter(Audited.class::isInstance).map(r -> ((Audited) r).action()).findFirst();
    }
}
