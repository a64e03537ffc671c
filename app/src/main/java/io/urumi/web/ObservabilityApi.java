package io.urumi.web;

import io.urumi.web.http.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.http.Context;
import io.urumi.error.PlatformException;
import io.urumi.observe.MetricsSummary;
import io.urumi.observe.PlatformMetrics;
import io.urumi.store.StoreService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * HTTP handlers that show what the platform is doing: Prometheus metrics, the summary, the activity of the stores
 * the caller may see, and the API's description.
 */
public final class ObservabilityApi {
    static final int DEFAULT_ACTIVITY = 50;
    static final int MAX_ACTIVITY = 500;
    private final PlatformMetrics metrics;
    private final MetricsSummary summary;
    private final StoreService stores;
    private final String openApiJson;

    public ObservabilityApi(PlatformMetrics metrics, MetricsSummary summary, StoreService stores) {
        this.metrics = metrics;
        this.summary = summary;
        this.stores = stores;
        this.openApiJson = openApiJson();
    }

    void prometheus(Context ctx) {
        ctx.contentType(PlatformMetrics.contentType()).result(metrics.scrape());
    }

    void summary(Context ctx) {
        ctx.json(summaryOver(ctx.queryParam("window")));
    }

    /** The summary the pages show; {@code window} as in ?window= (null: the last 24 hours). */
    public MetricsSummary.Summary summaryOver(String window) {
        return summary.over(window);
    }

    void activity(Context ctx) {
        ctx.json(Map.of("events", stores.recentEvents(limit(ctx.queryParam("limit")), Caller.principal(ctx))));
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApiJson);
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_ACTIVITY;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_ACTIVITY) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw PlatformException.invalid("limit", "limit must be a whole number from 1 to " + MAX_ACTIVITY
                + ", e.g. ?limit=" + DEFAULT_ACTIVITY);
    }

    /** The description is kept as YAML (readable in review) and served as JSON, converted once at start. */
    private static String openApiJson() {
        try (InputStream yaml = ObservabilityApi.class.getResourceAsStream("/openapi.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml cannot be read", e);
        }
    }
}
