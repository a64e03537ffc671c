package io.urumi.auth;

import java.time.Instant;

/** A person who may sign in; the password hash never leaves the auth package. */
public record User(String name, Role role, Instant createdAt) {
}
