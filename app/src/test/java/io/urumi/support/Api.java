package io.urumi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urumi.provision.StepPlans;
import io.urumi.store.Engine;
import io.urumi.store.Operation;
import io.urumi.store.StepPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small HTTP client for the platform's API in tests. {@link #admin(int)} and {@link #signedIn} sign in with
 * POST /api/login on first use (so a client can be made before the platform answers) and send the bearer token
 * with every request; {@code new Api(port)} sends no credentials.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final String user;
    private final String password;
    private volatile String token;
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    public Api(int port) {
        this(port, null, null);
    }

    private Api(int port, String user, String password) {
        this(port, user, password, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private Api(int port, String user, String password, HttpClient http) {
        this("http://127.0.0.1:" + port, user, password, http);
    }

    private Api(String base, String user, String password, HttpClient http) {
        this.http = http;
        this.base = base;
        this.user = user;
        this.password = password;
    }

    /** A platform somewhere else (for example one running in a cluster, through its Service), signed in as user. */
    public static Api at(String base, String user, String password) {
        return new Api(base, user, password, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** The first administrator, whose password every test platform is configured with. */
    public static Api admin(int port) {
        return new Api(port, "admin", TestPlatform.ADMIN_PASSWORD);
    }

    public static Api signedIn(int port, String user, String password) {
        return new Api(port, user, password);
    }

    /**
     * A client for the pages: it signs in through the sign-in form as a browser does and then sends the session
     * cookie (no bearer token), for reading pages such as the store list.
     */
    public static Api browser(int port, String user, String password) {
        Api api = new Api(port, null, null, HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(api.get("/login").raw().body());
        if (!token.find()) {
            throw new AssertionError("no form token on /login");
        }
        String form = "_csrf=" + enc(token.group(1)) + "&name=" + enc(user) + "&password=" + enc(password);
        Response signedIn = api.send(HttpRequest.newBuilder(URI.create(api.base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", api.base)
                .POST(HttpRequest.BodyPublishers.ofString(form)), false);
        if (signedIn.status() != 303) {
            throw new AssertionError("sign-in as " + user + " failed: " + signedIn.status());
        }
        return api;
    }

    public int port() {
        return URI.create(base).getPort();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The same platform with this bearer token (valid or not) instead of signing in. */
    public static Api withToken(int port, String token) {
        Api api = new Api(port);
        api.token = token;
        return api;
    }

    /** This client, sending {@code name: value} with every request from now on (e.g. X-Forwarded-For). */
    public Api header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Creates a user through the admin API and returns a client signed in as them. */
    public Api createUser(String name, String role) {
        String pw = "password-of-" + name;
        Response r = postJson("/api/users", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"password\":\""
                + pw + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("could not create user " + name + ": " + r.status() + " " + r.raw().body());
        }
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), name, pw);
    }

    /** The bearer token this client sends (signing in first if it has not yet). */
    public synchronized String token() {
        if (token == null && user != null) {
            Response r = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + user + "\",\"password\":\""
                            + password + "\"}")), false);
            if (r.status() != 201) {
                throw new AssertionError("sign-in as " + user + " failed: " + r.status() + " " + r.raw().body());
            }
            token = r.json().path("token").asText();
        }
        return token;
    }

    /** A response with its status, headers and body parsed as JSON when it is JSON. */
    public record Response(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }


    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    public Response post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** Creates a WooCommerce store and returns the response. */
    public Response createStore(String name) {
        return createStore(name, "woocommerce");
    }

    /** Creates a store of {@code engine} and returns the response. */
    public Response createStore(String name, String engine) {
        return postJson("/api/stores", "{\"name\":\"" + name + "\",\"engine\":\"" + engine + "\","
                + "\"adminEmail\":\"owner@example.com\"}");
    }

    /** Waits up to three minutes for the store to reach {@code state}; an unexpected FAILED fails at once. */
    public void awaitState(String id, String state) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3))
                .pollInterval(java.time.Duration.ofMillis(250)).until(() -> {
                    String now = state(id);
                    if ("FAILED".equals(now) && !"FAILED".equals(state)) {
                        throw new AssertionError("store " + id + " FAILED: " + get("/api/stores/" + id).raw().body());
                    }
                    return state.equals(now);
                });
    }

    /**
     * Waits up to three minutes until the store's last operation is one of {@code type} that SUCCEEDED; a FAILED
     * one fails at once. For operations that leave the store's state as it was (restart, password reset).
     */
    public void awaitLastOperation(String id, String type) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3))
                .pollInterval(java.time.Duration.ofMillis(250)).until(() -> {
                    JsonNode op = get("/api/stores/" + id).json().path("lastOperation");
                    if ("FAILED".equals(op.path("status").asText())) {
                        throw new AssertionError(type + " of " + id + " failed: " + op);
                    }
                    return type.equals(op.path("type").asText()) && "SUCCEEDED".equals(op.path("status").asText());
                });
        assertRanAsPlanned(id);
    }

    /**
     * The store's last operation recorded only steps of the plan its type declares, in the plan's order, and, when it
     * succeeded, every step the plan always shows: what the page renders is what ran.
     */
    public void assertRanAsPlanned(String id) {
        JsonNode store = get("/api/stores/" + id).json();
        JsonNode op = store.path("lastOperation");
        Operation.Type type = Operation.Type.valueOf(op.path("type").asText());
        StepPlan plan = StepPlans.of(type, Engine.parse(store.path("engine").asText()).orElseThrow());
        long opId = op.path("id").asLong();
        List<String> ran = new ArrayList<>();
        for (JsonNode e : get("/api/stores/" + id + "/events").json().path("events")) {
            String step = e.path("step").asText();
            if (e.path("operationId").asLong(-1) == opId && !"INFO".equals(e.path("status").asText())
                    && !ran.contains(step)) {
                ran.add(step);
            }
        }
        List<String> planned = plan.keys();
        if (!planned.containsAll(ran)) {
            throw new AssertionError(type + " of " + id + " recorded steps outside its plan " + planned + ": " + ran);
        }
        List<Integer> order = ran.stream().map(planned::indexOf).toList();
        if (!order.equals(order.stream().sorted().toList())) {
            throw new AssertionError(type + " of " + id + " ran " + ran + ", out of its plan's order " + planned);
        }
        if ("SUCCEEDED".equals(op.path("status").asText())) {
            List<String> always = plan.steps().stream().filter(s -> !s.ifItHappens()).map(StepPlan.Step::key)
                    .toList();
            if (!ran.containsAll(always)) {
                throw new AssertionError(type + " of " + id + " succeeded without steps its plan always shows: "
                        + always + " vs " + ran);
            }
        }
    }

    public String state(String id) {
        return get("/api/stores/" + id).json().path("state").asText();
    }

    private Response send(HttpRequest.Builder request) {
        return send(request, true);
    }

    private Response send(HttpRequest.Builder request, boolean authenticate) {
        headers.forEach(request::header);
        if (authenticate && (user != null || token != null)) {
            request.header("Authorization", "Bearer " + token());
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
