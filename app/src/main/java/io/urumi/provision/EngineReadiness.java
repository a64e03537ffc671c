package io.urumi.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.urumi.store.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each engine's setup can succeed on this cluster, checked ahead so a user learns it on the create form and
 * not from a store that fails minutes later. Only WooCommerce needs anything from outside the cluster: its setup Job
 * installs the WooCommerce plugin from {@code woocommerce.cli.woocommerce}, a URL it downloads or a zip inside its
 * image. For a URL the platform tries a TCP connection to that host and port, as the Job would (the platform chart
 * gives the platform the same egress to public addresses on 80 and 443 as the Job gets); a zip inside the image
 * needs nothing and is taken as given.
 */
public final class EngineReadiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineReadiness.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final String PLUGIN_VALUE = "woocommerce.cli.woocommerce";

    private final String pluginSource;
    private final ScheduledExecutorService checks;
    private volatile Map<Engine, String> warnings = Map.of();

    public EngineReadiness(String pluginSource) {
        this.pluginSource = pluginSource;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    /** The plugin source stores get: the operator's store values over the current chart's default. */
    public static String pluginSource(Path chartDir, Map<String, Object> storeDefaults) {
        Object given = storeDefaults.get("woocommerce") instanceof Map<?, ?> woo
                && woo.get("cli") instanceof Map<?, ?> cli ? cli.get("woocommerce") : null;
        if (given instanceof String s && !s.isBlank()) {
            return s;
        }
        try {
            JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(chartDir.resolve("values.yaml").toFile());
            return values.path("woocommerce").path("cli").path("woocommerce").asText("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store chart's values at " + chartDir, e);
        }
    }

    /** Checks now, then every {@code every}, on its own thread; the form shows the latest answer. */
    public EngineReadiness start(Duration every) {
        checks.scheduleWithFixedDelay(this::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Why stores of this engine would fail their setup here, if they would. */
    public Optional<String> warning(Engine engine) {
        return Optional.ofNullable(warnings.get(engine));
    }

    /** Every engine whose stores would fail their setup here, with why. */
    public Map<Engine, String> warnings() {
        return warnings;
    }

    /** Runs the check once, on the calling thread. */
    public void check() {
        Map<Engine, String> found = new EnumMap<>(Engine.class);
        pluginProblem().ifPresent(problem -> found.put(Engine.WOOCOMMERCE, problem));
        if (!found.equals(warnings)) {
            found.forEach((engine, why) -> LOG.warn("{} stores cannot be set up: {}", engine.value(), why));
            if (found.isEmpty()) {
                LOG.info("every engine's setup can reach what it needs");
            }
        }
        warnings = Map.copyOf(found);
    }

    private Optional<String> pluginProblem() {
        URI uri;
        try {
            uri = URI.create(pluginSource);
        } catch (IllegalArgumentException e) {
            return Optional.of("the WooCommerce plugin source " + PLUGIN_VALUE + " is not a URL or a path: "
                    + pluginSource);
        }
        if (uri.getScheme() == null) {
            return Optional.empty(); // a zip inside the setup image: nothing to reach
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("the WooCommerce plugin source " + PLUGIN_VALUE + " names no host: " + pluginSource);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return unreachable(host, port).map(why -> "A WooCommerce store's setup downloads the WooCommerce plugin from "
                + host + ":" + port + ", which this platform cannot reach (" + why + "), so a new WooCommerce store"
                + " would fail at its setup. Choose Medusa, or ask an operator to open that route or to put the"
                + " plugin's zip into the setup image (" + PLUGIN_VALUE + " in the store values).");
    }

    private static Optional<String> unreachable(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return Optional.of("its name does not resolve");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
