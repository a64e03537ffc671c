package io.urumi.auth;

/** What a signed-in person may do: admins see and act on every store and run the platform; members their own. */
public enum Role {
    ADMIN, MEMBER
}
