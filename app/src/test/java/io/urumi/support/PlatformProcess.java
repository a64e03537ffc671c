package io.urumi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The platform as a separate OS process (java io.urumi.Main), so tests can SIGKILL or SIGTERM it. */
public final class PlatformProcess implements AutoCloseable {
    private final Process process;
    private final Api api;

    private PlatformProcess(Process process, int port) {
        this.process = process;
        this.api = Api.admin(port);
    }

    public static PlatformProcess start(Map<String, String> env, Path log) {
        int port = Integer.parseInt(env.get("URUMI_PORT"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.urumi.Main")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            PlatformProcess started = new PlatformProcess(pb.start(), port);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> started.api.get("/health/live").status() == 200);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return api;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook runs, exactly like a node failure or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
