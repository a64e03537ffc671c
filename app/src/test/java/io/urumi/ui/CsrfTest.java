package io.urumi.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The same-origin and token checks of the CSRF guard, case by case. */
class CsrfTest {

    @Test
    void anOriginIsOursOnlyWithTheSameHostAndPort() {
        assertTrue(Csrf.sameHost("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(Csrf.sameHost("http://127.0.0.1:8080/stores/new", "127.0.0.1:8080"));
        assertTrue(Csrf.sameHost("https://urumi.example.com", "urumi.example.com"), "TLS ended at the ingress");
        assertTrue(Csrf.sameHost("https://URUMI.example.com", "urumi.example.com:443"));
        assertTrue(Csrf.sameHost("http://[::1]:8080", "[::1]:8080"));
        assertFalse(Csrf.sameHost("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assertFalse(Csrf.sameHost("https://evil.example", "urumi.example.com"));
        assertFalse(Csrf.sameHost("https://shop.urumi.example.com", "urumi.example.com"), "a store's subdomain");
        assertFalse(Csrf.sameHost("https://urumi.example.com.evil.example", "urumi.example.com"));
        assertFalse(Csrf.sameHost("null", "urumi.example.com"), "an opaque origin");
        assertFalse(Csrf.sameHost("http://urumi.example.com", null));
        assertFalse(Csrf.sameHost("not a url at all", "urumi.example.com"));
    }

    @Test
    void aTokenMatchesOnlyItselfAndOnlyInTheRightShape() {
        String token = "a".repeat(43);
        assertTrue(Csrf.tokenMatches(token, token));
        assertFalse(Csrf.tokenMatches(token, "b".repeat(43)));
        assertFalse(Csrf.tokenMatches(token, token.substring(1)));
        assertFalse(Csrf.tokenMatches(token, null));
        assertFalse(Csrf.tokenMatches(null, token));
        assertFalse(Csrf.tokenMatches("", ""), "an empty cookie and an empty field are not a match");
    }
}
