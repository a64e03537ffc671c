package io.urumi.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.support.LocalCluster;
import io.urumi.support.PlatformProcess;
import io.urumi.support.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that SIGTERM stops the platform cleanly even after Helm's Go runtime has taken over signal handling. */
class ShutdownIT {
    private final LocalCluster cluster = LocalCluster.get();
    @TempDir
    Path data;

    @Test
    void sigtermAfterAnInstallExitsWithinTenSecondsWithShutdownHooksRun() throws Exception {
        Path log = data.resolve("platform.log");
        Map<String, String> env = TestPlatform.env(cluster, data, TestPlatform.freePort());
        try (PlatformProcess platform = PlatformProcess.start(env, log)) {
            assertEquals(202, platform.api().createStore("term-shop").status());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "READY".equals(platform.api().state("term-shop")));

            long start = System.nanoTime();
            platform.process().destroy(); // SIGTERM, as the kubelet sends it
            assertTrue(platform.process().waitFor(10, TimeUnit.SECONDS), "exited within 10 s");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(143, platform.process().exitValue(), "the exit status of an orderly SIGTERM");
            String output = Files.readString(log);
            assertTrue(output.contains("shutting down") && output.contains("\"stopped\""),
                    "the shutdown hook ran to its end");
            System.out.printf("SIGTERM to exit: %d ms%n", tookMillis);
        }
    }
}
