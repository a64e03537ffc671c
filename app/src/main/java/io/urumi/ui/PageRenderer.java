package io.urumi.ui;

import io.javalin.http.Context;
import io.urumi.auth.Principal;
import io.urumi.web.http.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Renders a template inside the common chrome, with the headers every page and fragment carries. */
public final class PageRenderer {
    private final Csrf csrf;
    private final PlatformHealth health;
    private final String htmxSrc;

    public PageRenderer(Csrf csrf, PlatformHealth health) {
        this.csrf = csrf;
        this.health = health;
        this.htmxSrc = "/webjars/htmx.org/" + webJarVersion("htmx.org") + "/dist/htmx.min.js";
    }

    /** A whole page: the template gets {@code chrome} plus the given parameters. */
    public void page(Context ctx, String template, String title, String section, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        Principal viewer = Caller.principalOrNull(ctx);
        all.put("chrome", new Chrome(title, section, csrf.token(ctx), health.lastKnown(), htmxSrc,
                viewer == null ? null : viewer.name(), viewer != null && viewer.admin()));
        headers(ctx);
        ctx.render(template, all);
    }

    /** A piece of a page that htmx swaps in; it gets the form token because it may hold forms. */
    public void fragment(Context ctx, String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("csrf", csrf.token(ctx));
        headers(ctx);
        ctx.render(template, all);
    }

    /** The security headers are set for every response by the access gate; pages are never cached. */
    private static void headers(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }

    /** The version of a WebJar on the classpath, so templates never hard-code it. */
    static String webJarVersion(String artifact) {
        String path = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = PageRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("WebJar " + artifact + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
