package io.urumi.web;

import io.urumi.web.http.Caller;
import static net.logstash.logback.argument.StructuredArguments.kv;

import io.javalin.http.Context;
import io.urumi.store.StoreNames;
import io.urumi.observe.PlatformMetrics;
import io.urumi.provision.StoreLogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs one line per request with method, path, route, status, duration and the request id the access gate gave it
 * (and the store when the route names one), and times it by route. The id is in the logging context while the
 * request runs, so an error logged on the way carries it too. Probes, scrapes, static files and the pages' polling log at DEBUG: they would
 * drown everything else. Query strings are never logged.
 */
final class RequestLog {
    private static final String MDC_KEY = "requestId";
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final List<String> QUIET = List.of("/health/", "/metrics", "/static/", "/webjars/", "/fragments/");
    private static final List<String> STORE_ROUTES = List.of("/api/stores/{id}", "/stores/{id}",
            "/fragments/stores/{id}");
    private final PlatformMetrics metrics;

    RequestLog(PlatformMetrics metrics) {
        this.metrics = metrics;
    }

    /** Runs early on every request, once it has its id. */
    void start(Context ctx) {
        MDC.put(MDC_KEY, Caller.requestId(ctx));
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
            List<Object> args = new ArrayList<>(List.of(ctx.method(), path, status, Math.round(millis),
                    kv("method", ctx.method().name()), kv("path", path), kv("route", route), kv("status", status),
                    kv("durationMs", Math.round(millis))));
            if (store != null) {
                args.add(kv(StoreLogContext.STORE, store));
                args.add(kv(StoreLogContext.RELEASE, StoreNames.release(store)));
            }
            String message = "{} {} -> {} in {} ms";
            if (quiet) {
                LOG.debug(message, args.toArray());
            } else if (status >= 500) {
                LOG.warn(message, args.toArray());
            } else {
                LOG.info(message, args.toArray());
            }
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The declared path template, so metrics stay one series per route whatever ids are asked for. */
    private static String route(Context ctx) {
        try {
            String matched = ctx.endpointHandlerPath();
            // Unmatched requests get "*" or, once a beforeMatched filter exists, a sentence: neither is a route.
            return matched == null || !matched.startsWith("/") ? "unmatched" : matched;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
