package io.urumi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.5"));

    @Test
    void forwardedForIsIgnoredUnlessTheConnectionComesFromATrustedProxy() {
        assertEquals("203.0.113.7", behindProxies.of("203.0.113.7", "1.2.3.4"));
        assertEquals("203.0.113.7", new ClientAddress(List.of()).of("203.0.113.7", "1.2.3.4"));
    }

    @Test
    void theClientIsTheFirstUntrustedHopFromTheRight() {
        assertEquals("198.51.100.2", behindProxies.of("10.1.1.1", "6.6.6.6, 198.51.100.2, 10.2.2.2"));
        assertEquals("198.51.100.2", behindProxies.of("192.168.1.5", "198.51.100.2"));
    }

    @Test
    void garbageInTheHeaderStopsAtTheLastAddressWeCouldVouchFor() {
        assertEquals("10.2.2.2", behindProxies.of("10.1.1.1", "evil.example, 10.2.2.2"));
        assertEquals("10.1.1.1", behindProxies.of("10.1.1.1", "not an address"));
    }

    @Test
    void ipv6RangesWork() {
        ClientAddress v6 = new ClientAddress(List.of("fd00::/8"));
        assertEquals("2001:db8::1", v6.of("fd12::1", "2001:db8::1"));
    }

    @Test
    void aBadProxySettingStopsStartUpWithItsName() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }
}
