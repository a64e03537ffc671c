package io.urumi.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address a request came from. {@code X-Forwarded-For} is believed only when the connection itself comes from
 * a configured proxy, and then only up to the first hop that is not one of ours (anything left of it was written by
 * the client and may be forged).
 */
final class ClientAddress {
    private final List<Cidr> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
    }

    String of(String remoteAddress, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted(remoteAddress)) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        String client = remoteAddress;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!literal(hop)) {
                return client; // garbage in the header: stop at the last address we could vouch for
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** True when the connection itself comes from a configured proxy. */
    boolean trustsConnection(String remoteAddress) {
        return trusted(remoteAddress);
    }

    private boolean trusted(String address) {
        byte[] bytes = bytes(address);
        return bytes != null && trusted.stream().anyMatch(c -> c.contains(bytes));
    }

    private static boolean literal(String text) {
        return bytes(text) != null;
    }

    /** Parses only IP literals (never a host name: no DNS lookups from a header). */
    static byte[] bytes(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range such as 10.0.0.0/8 or a single address. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network = bytes(parts[0].trim());
            if (network == null) {
                throw new IllegalArgumentException("URUMI_TRUSTED_PROXIES: '" + text + "' is not an IP address or "
                        + "CIDR range");
            }
            int bits = network.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("URUMI_TRUSTED_PROXIES: bad prefix length in '" + text + "'");
                }
            }
            return new Cidr(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
