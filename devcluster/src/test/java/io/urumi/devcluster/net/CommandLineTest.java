package io.urumi.devcluster.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    private Path resolvConf(String text) throws IOException {
        return Files.writeString(dir.resolve("resolv.conf"), text);
    }

    @Test
    void theUpstreamDefaultsToTheFirstNameserverOfResolvConf() throws IOException {
        Path conf = resolvConf("# managed\nsearch example.org\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n");

        CommandLine.Parsed parsed = CommandLine.parse(
                new String[] {"--kubeconfig", "k", "--dns", "10.244.0.1:53", "--http", "127.0.0.1:80"}, conf);

        assertEquals(new InetSocketAddress("192.0.2.53", 53), parsed.options().upstreamDns());
        assertEquals(new InetSocketAddress("10.244.0.1", 53), parsed.options().dns());
        assertEquals(new InetSocketAddress("127.0.0.1", 80), parsed.options().http());
        assertEquals(Path.of("k"), parsed.kubeconfig());
        assertNull(parsed.options().ingressClass(), "every class by default");
    }

    @Test
    void addressesTakeADefaultPortAndBracketedIpv6() {
        assertEquals(new InetSocketAddress("127.0.0.1", 53), CommandLine.address("127.0.0.1", 53));
        assertEquals(new InetSocketAddress("::1", 5353), CommandLine.address("[::1]:5353", 53));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.address("127.0.0.1:http", 53));
    }

    @Test
    void forwardingToItselfIsRefused() throws IOException {
        Path conf = resolvConf("nameserver 10.244.0.1\n");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(
                new String[] {"--kubeconfig", "k", "--dns", "10.244.0.1:53", "--http", "127.0.0.1:80"}, conf));
        assertTrue(refused.getMessage().contains("--upstream-dns"));
    }

    @Test
    void aMissingOrUnknownFlagIsRefused() throws IOException {
        Path conf = resolvConf("nameserver 192.0.2.53\n");

        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--kubeconfig", "k"}, conf));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(
                new String[] {"--kubeconfig", "k", "--dns", ":53", "--http", ":80", "--verbose", "x"}, conf));
    }
}
