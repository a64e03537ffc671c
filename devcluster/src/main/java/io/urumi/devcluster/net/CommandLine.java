package io.urumi.devcluster.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@link LocalNetwork}'s command line; a wrong one is an IllegalArgumentException saying what is wrong. */
public final class CommandLine {
    public static final String USAGE = "usage: LocalNetwork --kubeconfig PATH --dns HOST:PORT --http HOST:PORT"
            + " [--upstream-dns HOST:PORT] [--ingress-class NAME]";
    private static final Set<String> FLAGS =
            Set.of("--kubeconfig", "--dns", "--http", "--upstream-dns", "--ingress-class");

    public record Parsed(Path kubeconfig, LocalNetwork.Options options) {
    }

    private CommandLine() {
    }

    /** {@code resolvConf} gives the upstream resolver when {@code --upstream-dns} does not. */
    public static Parsed parse(String[] args, Path resolvConf) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!FLAGS.contains(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            values.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--kubeconfig", "--dns", "--http")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        InetSocketAddress dns = address(values.get("--dns"), 53);
        InetSocketAddress upstream = values.containsKey("--upstream-dns")
                ? address(values.get("--upstream-dns"), 53)
                : firstNameserver(resolvConf);
        if (upstream.equals(dns)) {
            // Forwarding to itself would turn every outside name into a loop until the timeout.
            throw new IllegalArgumentException("the upstream resolver " + upstream + " is this DNS server:"
                    + " pass --upstream-dns");
        }
        LocalNetwork.Options options = new LocalNetwork.Options(dns, address(values.get("--http"), 80), upstream,
                values.get("--ingress-class"));
        return new Parsed(Path.of(values.get("--kubeconfig")), options);
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address. */
    static InetSocketAddress address(String value, int defaultPort) {
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("not an address: " + value);
            }
            host = value.substring(1, end);
            if (value.length() > end + 1) {
                port = port(value.substring(end + 1), value);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value.substring(value.indexOf(':')), value);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + value);
        }
    }

    private static int port(String colonAndPort, String value) {
        try {
            int port = Integer.parseInt(colonAndPort.substring(1));
            if (!colonAndPort.startsWith(":") || port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a port in " + value);
        }
    }

    /** The first {@code nameserver} line, as the host's own resolver would use it. */
    static InetSocketAddress firstNameserver(Path resolvConf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + resolvConf + ": pass --upstream-dns", e);
        }
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                return address(words[1].contains(":") ? "[" + words[1] + "]" : words[1], 53);
            }
        }
        throw new IllegalArgumentException("no nameserver in " + resolvConf + ": pass --upstream-dns");
    }
}
