package io.urumi.ui;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Cross-site request forgery guard for every state-changing page request: the request must come from a page of
 * this same host (Origin, else Referer) and carry, in a hidden form field, the token this browser was given.
 * The expected token lives behind {@link TokenStore}: a cookie for now, the login session once there is one.
 */
public final class Csrf {
    /** The hidden form field every page form carries. */
    public static final String FIELD = "_csrf";
    static final String REFUSED = "This form could not be accepted: it came from another site, or it was opened "
            + "before the page was reloaded. Go back, reload the page and try again.";
    private static final String ISSUED = "urumi.csrf.issued";
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random = new SecureRandom();
    private final TokenStore store;

    /** Where a browser's expected token is kept between requests. */
    public interface TokenStore {
        /** The stored token, or null. */
        String get(Context ctx);

        void put(Context ctx, String token);
    }

    public Csrf(TokenStore store) {
        this.store = store;
    }

    /** A per-browser token in a cookie that scripts cannot read. */
    public static Csrf withCookie() {
        return new Csrf(new CookieStore());
    }

    /**
     * Signed-in browsers use the token bound to their session (issued at sign-in, so it changes with the session);
     * before sign-in (the sign-in form itself) the cookie token guards the form.
     */
    public static Csrf sessionOrCookie(java.util.function.Function<Context, String> sessionToken) {
        CookieStore cookie = new CookieStore();
        return new Csrf(new TokenStore() {
            @Override
            public String get(Context ctx) {
                String bound = sessionToken.apply(ctx);
                return bound != null ? bound : cookie.get(ctx);
            }

            @Override
            public void put(Context ctx, String token) {
                if (sessionToken.apply(ctx) == null) {
                    cookie.put(ctx, token);
                }
            }
        });
    }

    /** This browser's token, issuing one on first use; forms put it in the {@value #FIELD} field. */
    public String token(Context ctx) {
        String issued = ctx.attribute(ISSUED);
        if (issued != null) {
            return issued; // issued earlier in this same request: the cookie is not readable until the next one
        }
        String token = store.get(ctx);
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            store.put(ctx, token);
        }
        ctx.attribute(ISSUED, token);
        return token;
    }

    /** Refuses the request with 403 unless it is same-origin and carries this browser's token. */
    public void verify(Context ctx) {
        if (!sameOrigin(ctx) || !tokenMatches(store.get(ctx), ctx.formParam(FIELD))) {
            throw new ForbiddenResponse(REFUSED);
        }
    }

    /**
     * Browsers send Origin on every form POST; Referer is the fallback. A client that sends neither (curl) is not
     * a browser being tricked, and still needs the token. Only the host and port are compared: behind an ingress
     * that terminates TLS the scheme the app sees is not the one the browser used.
     */
    static boolean sameOrigin(Context ctx) {
        String host = ctx.header("Host");
        String origin = ctx.header("Origin");
        if (origin != null) {
            return sameHost(origin, host);
        }
        String referer = ctx.header("Referer");
        return referer == null || sameHost(referer, host);
    }

    static boolean sameHost(String url, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        try {
            URI from = new URI(url);
            URI self = new URI("//" + hostHeader.trim());
            return from.getHost() != null && self.getHost() != null
                    && from.getHost().equalsIgnoreCase(self.getHost())
                    && port(from, from.getScheme()) == port(self, from.getScheme());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri, String scheme) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    static boolean tokenMatches(String expected, String given) {
        if (expected == null || given == null || !TOKEN_SHAPE.matcher(expected).matches()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * HttpOnly, SameSite=Strict, Path=/ and no Domain, so sibling hosts (the stores live on subdomains) cannot set
     * or read it for us; over HTTPS it is also Secure and takes the __Host- prefix that enforces all of that.
     */
    static final class CookieStore implements TokenStore {
        @Override
        public String get(Context ctx) {
            return ctx.cookie(name(ctx));
        }

        @Override
        public void put(Context ctx, String token) {
            boolean secure = secure(ctx);
            ctx.cookie(new Cookie(name(ctx), token, "/", -1, secure, 0, true, null, null, SameSite.STRICT));
        }

        private static String name(Context ctx) {
            return secure(ctx) ? "__Host-urumi-csrf" : "urumi-csrf";
        }

        private static boolean secure(Context ctx) {
            return "https".equalsIgnoreCase(ctx.scheme())
                    || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        }
    }
}
