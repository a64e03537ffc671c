package io.urumi.web;

import io.javalin.security.RouteRole;

/** The access rule every route declares; a route that declares none is refused to everyone but admins. */
public enum Access implements RouteRole {
    /** Anyone, signed in or not: the sign-in page, health probes, the stylesheet and scripts. */
    PUBLIC,
    /** Any signed-in user; store routes additionally require owning the store (or being an admin). */
    SIGNED_IN,
    /** Administrators only. */
    ADMIN
}
