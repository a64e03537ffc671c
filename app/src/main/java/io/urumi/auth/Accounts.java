package io.urumi.auth;

import io.urumi.error.PlatformException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Who may sign in: users, their roles and passwords, and the first administrator. */
public final class Accounts {
    public static final String FIRST_ADMIN = "admin";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    private final UserRepository users;
    private final Passwords passwords = new Passwords();
    private final Clock clock;

    public Accounts(Jdbi jdbi, Clock clock) {
        this.users = new UserRepository(jdbi);
        this.clock = clock;
    }

    /**
     * On the very first start there is no user: the administrator {@value #FIRST_ADMIN} is created with the configured
     * password, or with a generated one that is returned so the caller can print it once. There is no default.
     */
    public Optional<String> bootstrap(Optional<String> configuredPassword) {
        if (!users.empty()) {
            return Optional.empty();
        }
        String password = configuredPassword.orElseGet(Passwords::generate);
        Passwords.requireAcceptable("URUMI_ADMIN_PASSWORD", password);
        users.create(FIRST_ADMIN, Role.ADMIN, Passwords.hash(password), clock.instant());
        return configuredPassword.isPresent() ? Optional.empty() : Optional.of(password);
    }

    /** The person, when the name and password match; the same answer, in the same time, for every kind of miss. */
    public Optional<Principal> verify(String name, String password) {
        Optional<String> hash = name == null ? Optional.empty() : users.passwordHash(name);
        if (hash.isEmpty()) {
            passwords.burn(password);
            return Optional.empty();
        }
        if (!passwords.matches(password, hash.get())) {
            return Optional.empty();
        }
        return users.find(name).map(u -> new Principal(u.name(), u.role()));
    }

    public boolean exists(String name) {
        return name != null && users.find(name).isPresent();
    }

    public User create(String name, Role role, String password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PlatformException.invalid("name", "A user name is 2 to 32 characters: lower-case letters, digits, "
                    + "'.', '_' or '-', starting with a letter.");
        }
        if (role == null) {
            throw PlatformException.invalid("role", "Choose a role: admin or member.");
        }
        Passwords.requireAcceptable("password", password);
        if (!users.create(name, role, Passwords.hash(password), clock.instant())) {
            throw PlatformException.conflict("user_exists", "There is already a user named '" + name + "'.");
        }
        return users.find(name).orElseThrow();
    }

    public void changePassword(String name, String current, String next) {
        if (verify(name, current).isEmpty()) {
            throw PlatformException.invalid("current", "The current password is not right.");
        }
        Passwords.requireAcceptable("password", next);
        users.updatePassword(name, Passwords.hash(next), clock.instant());
    }

    public List<User> list() {
        return users.list();
    }

    public static Optional<Role> role(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "admin" -> Optional.of(Role.ADMIN);
            case "member" -> Optional.of(Role.MEMBER);
            default -> Optional.empty();
        };
    }
}
