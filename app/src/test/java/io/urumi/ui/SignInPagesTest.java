package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.urumi.Platform;
import io.urumi.support.Api;
import io.urumi.support.OfflinePlatformTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Functional tier: signing in and out of the pages, the session cookie, and what members see. */
@OfflinePlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInPagesTest {
    private static final String SESSION = "urumi-session";
    private Platform platform;
    private Api admin;

    @BeforeAll
    void connectAndAddMembers(Platform platform, Api admin) {
        this.platform = platform;
        this.admin = admin;
        admin.createUser("jane", "member");
        admin.createUser("kim", "member");
    }

    @Test
    void anAnonymousPageVisitIsSentToSignInAndBackToWhereItWasGoing() {
        PageClient browser = PageClient.anonymous(platform.port());
        HttpResponse<String> r = browser.get("/activity");
        assertEquals(303, r.statusCode());
        assertEquals("/login?next=%2Factivity", r.headers().firstValue("Location").orElseThrow());
        String form = browser.get("/login?next=%2Factivity").body();
        assertTrue(form.contains("name=\"next\" value=\"/activity\""), form);
        HttpResponse<String> signedIn = browser.post("/login", Map.of(Csrf.FIELD, token(form), "name", "jane",
                "password", "password-of-jane", "next", "/activity"), browser.base());
        assertEquals(303, signedIn.statusCode());
        assertEquals("/activity", signedIn.headers().firstValue("Location").orElseThrow());
        assertEquals(200, browser.get("/activity").statusCode());
    }

    @Test
    void signInNeverRedirectsOffSite() {
        for (String next : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"}) {
            assertEquals("/", SignInPage.safeNext(next), next);
        }
        assertEquals("/stores/a-shop?x=1", SignInPage.safeNext("/stores/a-shop?x=1"));
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndChangesAtEverySignIn() {
        PageClient browser = PageClient.anonymous(platform.port());
        browser.setCookie(SESSION, "planted-by-someone-else-aaaaaaaaaaaaaaaaaaaaaaaaaa");
        HttpResponse<String> first = browser.signIn("jane", "password-of-jane");
        String setCookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SESSION + "="))
                .findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(setCookie.contains("Secure"), "not Secure over plain HTTP: " + setCookie);
        String firstId = setCookie.substring(SESSION.length() + 1, setCookie.indexOf(';'));
        assertNotEquals("planted-by-someone-else-aaaaaaaaaaaaaaaaaaaaaaaaaa", firstId, "a planted id is not adopted");

        PageClient again = PageClient.anonymous(platform.port());
        again.setCookie(SESSION, firstId);
        HttpResponse<String> whileSignedIn = again.post("/login", Map.of(Csrf.FIELD, again.token(), "name", "jane",
                "password", "password-of-jane"), again.base());
        assertEquals(303, whileSignedIn.statusCode());
        String secondSetCookie = whileSignedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION + "=")).findFirst().orElseThrow();
        String secondId = secondSetCookie.substring(SESSION.length() + 1, secondSetCookie.indexOf(';'));
        assertNotEquals(firstId, secondId, "a new id at every sign-in");
        PageClient stale = PageClient.anonymous(platform.port());
        stale.setCookie(SESSION, firstId);
        assertEquals(303, stale.get("/").statusCode(), "the replaced session is over on the server");
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        PageClient browser = PageClient.signedIn(platform.port(), "kim", "password-of-kim");
        String id = browser.cookie(SESSION);
        assertEquals(200, browser.get("/").statusCode());
        assertEquals(303, browser.submit("/logout", Map.of()).statusCode());
        PageClient replay = PageClient.anonymous(platform.port());
        replay.setCookie(SESSION, id);
        assertEquals(303, replay.get("/").statusCode(), "the old cookie value opens nothing");
    }

    @Test
    void aWrongPasswordGetsTheGenericAnswerAndNoSession() {
        PageClient browser = PageClient.anonymous(platform.port());
        HttpResponse<String> wrong = browser.attemptSignIn("jane", "not-her-password");
        HttpResponse<String> unknown = PageClient.anonymous(platform.port()).attemptSignIn("nobody", "whatever-pw");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains(SignInPage.FAILED));
        assertTrue(unknown.body().contains(SignInPage.FAILED));
        assertFalse(wrong.body().contains("not-her-password"), "the password is never echoed");
        assertEquals(null, browser.cookie(SESSION));
    }

    @Test
    void theFormTokenIsBoundToTheSessionAndRefusalsAreAudited() {
        PageClient jane = PageClient.signedIn(platform.port(), "jane", "password-of-jane");
        PageClient janeElsewhere = PageClient.signedIn(platform.port(), "jane", "password-of-jane");
        String otherSessionsToken = janeElsewhere.token();
        Map<String, String> store = Map.of("name", "csrf-shop", "engine", "woocommerce", "adminEmail", "a@example.com");
        assertEquals(403, jane.post("/stores", with(store, Csrf.FIELD, otherSessionsToken), jane.base()).statusCode(),
                "another session's token");
        assertEquals(403, jane.post("/stores", store, jane.base()).statusCode(), "no token");
        assertEquals(403, jane.post("/stores", with(store, Csrf.FIELD, jane.token()), "https://evil.example")
                .statusCode(), "a foreign origin");
        assertEquals(404, admin.get("/api/stores/csrf-shop").status(), "nothing was created");
        assertTrue(admin.get("/api/audit?actor=jane").json().path("entries").findValues("detail").stream()
                .filter(d -> d.asText().startsWith("form token")).count() >= 3, "each refusal is audited");
    }

    @Test
    void membersPagesShowTheirOwnStoresAndAnotherUsersStoreIsNotFound() {
        Api kim = Api.signedIn(platform.port(), "kim", "password-of-kim");
        assertEquals(202, kim.createStore("kims-shop").status());
        PageClient jane = PageClient.signedIn(platform.port(), "jane", "password-of-jane");
        assertFalse(jane.get("/").body().contains("kims-shop"));
        assertFalse(jane.get("/activity").body().contains("kims-shop"));
        assertEquals(404, jane.get("/stores/kims-shop").statusCode());
        assertEquals(404, jane.get("/fragments/stores/kims-shop").statusCode());
        assertEquals(404, jane.submit("/stores/kims-shop/delete", Map.of("confirm", "kims-shop")).statusCode());
        assertEquals(403, jane.get("/audit").statusCode());
        assertEquals(403, jane.get("/users").statusCode());
        assertFalse(jane.get("/").body().contains("href=\"/audit\""), "admin links are not offered to members");
        PageClient kimsBrowser = PageClient.signedIn(platform.port(), "kim", "password-of-kim");
        assertTrue(kimsBrowser.get("/").body().contains("kims-shop"));
        assertTrue(new PageClient(platform.port()).get("/").body().contains("kims-shop"), "admins see every store");
    }

    @Test
    void aTokenCreatedOnTheAccountPageIsShownOnceEscapedAndWorksOnTheApi() {
        PageClient jane = PageClient.signedIn(platform.port(), "jane", "password-of-jane");
        HttpResponse<String> created = jane.submit("/account/tokens", Map.of("name", "<img src=x onerror=alert(1)>"));
        assertEquals(200, created.statusCode());
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(null));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(urumi_[A-Za-z0-9_-]{43})").matcher(created.body());
        assertTrue(m.find(), "the new token is shown");
        assertFalse(created.body().contains("<img src=x"), "markup is escaped");
        assertTrue(created.body().contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertEquals(200, Api.withToken(platform.port(), m.group(1)).get("/api/stores").status());
        String later = jane.get("/account").body();
        assertFalse(later.contains(m.group(1)), "never shown again");
    }

    @Test
    void anAdminAddsAMemberWithAGeneratedPasswordShownOnce() {
        PageClient adminBrowser = new PageClient(platform.port());
        HttpResponse<String> added = adminBrowser.submit("/users", Map.of("name", "lee", "role", "member",
                "password", ""));
        assertEquals(200, added.statusCode());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<code class=\"secret\">([A-Za-z0-9_-]{24})</code>")
                .matcher(added.body());
        assertTrue(m.find(), added.body());
        assertNotNull(PageClient.signedIn(platform.port(), "lee", m.group(1)).cookie(SESSION));
        assertFalse(adminBrowser.get("/users").body().contains(m.group(1)));
    }

    @Test
    void markupAndControlCharactersTypedAnywhereComeBackEscapedIncludingOnTheAuditPage() {
        PageClient anonymous = PageClient.anonymous(platform.port());
        HttpResponse<String> login = anonymous.attemptSignIn("<script>alert(1)</script>\u0007", "x");
        assertEquals(401, login.statusCode());
        assertFalse(login.body().contains("<script>alert(1)"), "the typed name is escaped");
        assertTrue(login.body().contains("value=\"&lt;script>alert(1)&lt;/script>"), "kept, attribute-escaped");

        PageClient jane = PageClient.signedIn(platform.port(), "jane", "password-of-jane");
        HttpResponse<String> refused = jane.submit("/stores", Map.of("name", "<img src=x onerror=alert(2)>",
                "engine", "woocommerce", "adminEmail", "a@example.com"));
        assertEquals(422, refused.statusCode());
        assertFalse(refused.body().contains("<img src=x"));

        String audit = new PageClient(platform.port()).get("/audit?actor=jane").body();
        assertTrue(audit.contains("store.create"), "the refused create is on the audit page");
        assertTrue(audit.contains("&lt;img src=x onerror=alert(2)&gt;"), "its target is shown escaped");
        assertFalse(audit.contains("<img src=x"));
        assertFalse(audit.contains("\u0007"), "control characters never reach the audit log");
    }

    private static String token(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find());
        return m.group(1);
    }

    private static Map<String, String> with(Map<String, String> fields, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(fields);
        all.put(key, value);
        return all;
    }
}
