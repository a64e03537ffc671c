package io.urumi.devcluster.net;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DNS on one address over UDP, and over TCP where resolvers retry answers that came back truncated.
 * One thread reads each socket; the replies are made on a small pool so a slow upstream holds no reader.
 */
final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int TCP_IDLE_MS = 5_000;
    private static final int TCP_CONNECTIONS = 8;
    private static final int BIND_ATTEMPTS = 10;

    private final InetSocketAddress requested;
    private final DnsResponder responder;
    private final Executor workers;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private DatagramSocket udp;
    private ServerSocket tcp;

    /** {@code workers} answers UDP queries; port 0 picks one free port for both transports. */
    DnsServer(InetSocketAddress address, DnsResponder responder, Executor workers) {
        this.requested = address;
        this.responder = responder;
        this.workers = workers;
        AtomicInteger count = new AtomicInteger();
        // A handful of TCP clients at a time; beyond that a connection is refused and the client retries.
        this.connections = new ThreadPoolExecutor(0, TCP_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "dns-tcp-" + count.incrementAndGet()));
    }

    void start() throws IOException {
        bind();
        daemon(this::serveUdp, "dns-udp").start();
        daemon(this::serveTcp, "dns-tcp-accept").start();
    }

    /** The address served, with the port actually bound. */
    InetSocketAddress address() {
        return new InetSocketAddress(requested.getAddress(), udp.getLocalPort());
    }

    private void bind() throws IOException {
        for (int attempt = 1; ; attempt++) {
            DatagramSocket datagrams = new DatagramSocket(requested);
            ServerSocket stream = new ServerSocket();
            try {
                stream.setReuseAddress(true);
                stream.bind(new InetSocketAddress(requested.getAddress(), datagrams.getLocalPort()), 64);
                udp = datagrams;
                tcp = stream;
                return;
            } catch (BindException taken) {
                datagrams.close();
                stream.close();
                // An ephemeral UDP port may be taken for TCP: try another pair.
                if (requested.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    LOG.warn("DNS over UDP: {}", e.toString());
                }
                continue;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                workers.execute(() -> answerUdp(query, client));
            } catch (RejectedExecutionException busy) {
                // Dropped: the client asks again after its timeout, as it would after a lost packet.
            }
        }
    }

    private void answerUdp(byte[] query, SocketAddress client) {
        responder.respond(query, true).whenComplete((reply, failure) -> {
            if (failure != null) {
                LOG.warn("DNS query from {} failed: {}", client, failure.toString());
            } else if (reply != null) {
                try {
                    udp.send(new DatagramPacket(reply, reply.length, client));
                } catch (IOException e) {
                    LOG.debug("DNS reply to {} not sent: {}", client, e.toString());
                }
            }
        });
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    LOG.warn("DNS over TCP: {}", e.toString());
                }
                continue;
            }
            try {
                connections.execute(() -> serveConnection(socket));
            } catch (RejectedExecutionException busy) {
                closeQuietly(socket);
            }
        }
    }

    /** Answers length-prefixed queries (RFC 1035 4.2.2) until the client closes or goes quiet. */
    private void serveConnection(Socket socket) {
        open.add(socket);
        try (socket) {
            socket.setSoTimeout(TCP_IDLE_MS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException closedOrIdle) {
                    return;
                }
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                byte[] reply = responder.respond(query, false).toCompletableFuture()
                        .get(TCP_IDLE_MS, TimeUnit.MILLISECONDS);
                if (reply == null) {
                    return;
                }
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.debug("DNS over TCP from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            closeQuietly(tcp);
        }
        // Blocked socket reads ignore interrupts: closing the sockets is what ends them.
        open.forEach(DnsServer::closeQuietly);
        connections.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing left to tell
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
