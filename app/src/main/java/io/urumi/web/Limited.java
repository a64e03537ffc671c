package io.urumi.web;

import io.javalin.security.RouteRole;

/** Declared on a route beside its access rule: the tighter per-minute limit of requests that create a store. */
public enum Limited implements RouteRole {
    CREATES
}
