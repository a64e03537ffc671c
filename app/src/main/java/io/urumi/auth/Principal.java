package io.urumi.auth;

/** The person behind a request, once authenticated. */
public record Principal(String name, Role role) {
    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** Admins may act on every store; members on the stores they own. */
    public boolean mayActOn(String owner) {
        return admin() || name.equals(owner);
    }
}
