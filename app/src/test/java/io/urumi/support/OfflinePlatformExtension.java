package io.urumi.support;

import io.urumi.Platform;
import io.urumi.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;

/** Starts the platform of an {@link OfflinePlatformTest} and hands its parts to the test; JUnit's store closes it. */
final class OfflinePlatformExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(OfflinePlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (perClass(context)) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass(context)) {
            start(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Platform.class || type == Api.class
                || type == Path.class && !parameter.isAnnotated(TempDir.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(Running.class, Running.class);
        if (running == null) {
            throw new ParameterResolutionException("No offline platform runs yet where " + parameter.getParameter()
                    + " is asked for: under PER_CLASS it starts before @BeforeAll, otherwise before @BeforeEach.");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == Platform.class) {
            return running.platform();
        }
        // A new client each time: it signs in on first use, and a test may add headers to its own.
        return type == Api.class ? Api.admin(running.platform().port()) : running.dir();
    }

    private static boolean perClass(ExtensionContext context) {
        return context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS;
    }

    private static void start(ExtensionContext context) throws IOException {
        OfflinePlatformTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                OfflinePlatformTest.class).orElseThrow();
        Path dir = Files.createTempDirectory("urumi-offline-");
        try {
            if (context.getRequiredTestInstance() instanceof OfflinePlatformTest.Seed seed) {
                try (Database db = Database.open(OfflinePlatform.jdbcUrl(dir))) {
                    seed.seed(db.jdbi());
                }
            }
            Platform platform = OfflinePlatform.start(dir, settings(test, dir));
            context.getStore(NAMESPACE).put(Running.class, new Running(platform, dir));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static Map<String, String> settings(OfflinePlatformTest test, Path dir) {
        Map<String, String> settings = new HashMap<>();
        for (String setting : test.settings()) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("a setting is KEY=value, not " + setting);
            }
            settings.put(setting.substring(0, eq), setting.substring(eq + 1).replace("{dir}", dir.toString()));
        }
        return settings;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Closed by JUnit when the test (or class) it was started for is done, data directory and all. */
    private record Running(Platform platform, Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            platform.close();
            delete(dir);
        }
    }
}
