package io.urumi.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cookie-keeping HTTP client that reads pages and posts forms the way a browser would, for functional tests. */
final class PageClient {
    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** A browser signed in as the first administrator. */
    PageClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        signIn("admin", io.urumi.support.TestPlatform.ADMIN_PASSWORD);
    }

    private PageClient(String base) {
        this.base = base;
    }

    /** A browser nobody has signed in with. */
    static PageClient anonymous(int port) {
        return new PageClient("http://127.0.0.1:" + port);
    }

    static PageClient signedIn(int port, String user, String password) {
        PageClient client = anonymous(port);
        client.signIn(user, password);
        return client;
    }

    /** Posts the sign-in form with the token of the sign-in page; fails the test unless it led away from it. */
    HttpResponse<String> signIn(String user, String password) {
        HttpResponse<String> response = attemptSignIn(user, password);
        if (response.statusCode() != 303) {
            throw new AssertionError("sign-in as " + user + " failed: " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    HttpResponse<String> attemptSignIn(String user, String password) {
        Matcher m = TOKEN.matcher(get("/login").body());
        if (!m.find()) {
            throw new AssertionError("no _csrf field on /login");
        }
        return post("/login", Map.of(Csrf.FIELD, m.group(1), "name", user, "password", password), base);
    }

    String base() {
        return base;
    }

    /** The value of this browser's cookie {@code name}, or null. */
    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Replaces (or sets) a cookie, as a browser that was handed an old or planted value would send it. */
    void setCookie(String name, String value) {
        java.net.HttpCookie cookie = new java.net.HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** The form token this client's cookie belongs to, read from a page that holds a form. */
    String token() {
        Matcher m = TOKEN.matcher(get("/stores/new").body());
        if (!m.find()) {
            throw new AssertionError("no _csrf field on /stores/new");
        }
        return m.group(1);
    }

    /** Posts a form from this site: the page's token and a same-origin Origin header, as a browser sends. */
    HttpResponse<String> submit(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.putIfAbsent(Csrf.FIELD, token());
        return post(path, all, base);
    }

    /** Posts exactly these fields with this Origin header (null sends none). */
    HttpResponse<String> post(String path, Map<String, String> fields, String origin) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
