package io.urumi.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.urumi.error.PlatformException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashing with Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane), and the rules a new
 * password must meet. Hashes carry their own parameters, so the cost can be raised later without breaking sign-in.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** Argon2 cost does not grow with length, but a megabyte "password" is not one. */
    public static final int MAX_LENGTH = 256;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the user does not exist, so an unknown name costs as long as a wrong password. */
    private final String decoy = hash(generate());

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean matches(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends the time of one check, for a name that has no user behind it. */
    public void burn(String password) {
        matches(password == null ? "" : password, decoy);
    }

    /** A password for a person to copy once: 24 URL-safe characters, 144 bits. */
    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Refuses passwords a person should not be allowed to choose, saying why; {@code field} names the form field. */
    public static void requireAcceptable(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw PlatformException.invalid(field, "A password is required.");
        }
        if (password.length() < MIN_LENGTH) {
            throw PlatformException.invalid(field, "The password must be at least " + MIN_LENGTH
                    + " characters long.");
        }
        if (password.length() > MAX_LENGTH) {
            throw PlatformException.invalid(field, "The password must be at most " + MAX_LENGTH + " characters long.");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw PlatformException.invalid(field, "The password must not contain control characters.");
        }
    }
}
