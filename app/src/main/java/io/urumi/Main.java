package io.urumi;

import io.urumi.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: builds the platform from the environment, starts it, and stops it cleanly on SIGTERM. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Config config = Config.fromEnv(System.getenv());
        // Exit at once (no shutdown hook, whose grace period could outlast the lease): Kubernetes restarts the pod
        // as a follower, and the new leader resumes what was running, as after a crash.
        Platform platform = new Platform(config, () -> {
            LOG.error("lost leadership; exiting so that only the new leader works");
            Runtime.getRuntime().halt(1);
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: no new work is taken; running operations get the grace period");
            platform.close();
            LOG.info("stopped");
        }, "shutdown"));
        LOG.info("Urumi is running at http://127.0.0.1:{}", platform.port());
    }
}
