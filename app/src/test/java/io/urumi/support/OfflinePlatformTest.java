package io.urumi.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A functional test against the {@link OfflinePlatform}, started on a fresh data directory and closed after it.
 * The platform lives as long as the test instance: one per test, or one for the whole class under
 * {@code @TestInstance(PER_CLASS)}. Lifecycle methods and tests take what they need as parameters: the
 * {@code Platform}, an {@code Api} signed in as the first administrator, and the data directory ({@code Path}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OfflinePlatformExtension.class)
public @interface OfflinePlatformTest {
    /** Settings added or replaced, each "KEY=value"; {@code {dir}} in a value stands for the data directory. */
    String[] settings() default {};

    /** Implemented by a test class whose platform should find something in its database when it starts. */
    interface Seed {
        /** Records it, before the platform starts on the same database. */
        void seed(Jdbi jdbi);
    }
}
