package io.urumi.web;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.javalin.http.Context;
import io.urumi.cluster.StoreNames;
import io.urumi.observe.PlatformMetrics;
import io.urumi.observe.StoreLogContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a plain token, else a new one), logs one
 * line per request with method, path, route, status, duration and request id (and the store when the route names
 * one), and times it by route. Probes, scrapes, static files and the pages' polling log at DEBUG: they would
 * drown everything else. Query strings are never logged.
 */
final class RequestLog {
    static final String HEADER = "X-Request-Id";
    private static final String MDC_KEY = "requestId";
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<String> QUIET = List.of("/health/", "/metrics", "/static/", "/webjars/", "/fragments/");
    private static final List<String> STORE_ROUTES = List.of("/api/stores/{id}", "/stores/{id}",
            "/fragments/stores/{id}");
    private final PlatformMetrics metrics;

    RequestLog(PlatformMetrics metrics) {
        this.metrics = metrics;
    }

    /** Runs first on every request. */
    void start(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && CALLER_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** Runs last on every request, errors included. */
    void finish(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            int status = ctx.statusCode();
            metrics.httpRequest(ctx.method().name(), route, status, Duration.ofNanos((long) (millis * 1_000_000)));
            String path = ctx.path();
            boolean quiet = status < 500 && QUIET.stream().anyMatch(path::startsWith);
            if (quiet && !LOG.isDebugEnabled()) {
                return;
            }
            String store = STORE_ROUTES.stream().anyMatch(route::startsWith) ? ctx.pathParamMap().get("id") : null;
            Object[] args = store == null
                    ? new Object[] {ctx.method(), path, status, Math.round(millis), kv("method", ctx.method().name()),
                            kv("path", path), kv("route", route), kv("status", status),
                            kv("durationMs", Math.round(millis))}
                    : new Object[] {ctx.method(), path, status, Math.round(millis), kv("method", ctx.method().name()),
                            kv("path", path), kv("route", route), kv("status", status),
                            kv("durationMs", Math.round(millis)), kv(StoreLogContext.STORE, store),
                            kv(StoreLogContext.RELEASE, StoreNames.release(store))};
            String message = "{} {} -> {} in {} ms";
            if (quiet) {
                LOG.debug(message, args);
            } else if (status >= 500) {
                LOG.warn(message, args);
            } else {
                LOG.info(message, args);
            }
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The declared path template, so metrics stay one series per route whatever ids are asked for. */
    private static String route(Context ctx) {
        try {
            String matched = ctx.endpointHandlerPath();
            return matched == null || matched.isEmpty() || "*".equals(matched) ? "unmatched" : matched;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
