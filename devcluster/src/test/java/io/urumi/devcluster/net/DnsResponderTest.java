package io.urumi.devcluster.net;

import static io.urumi.devcluster.net.FakeCatalog.address;
import static io.urumi.devcluster.net.FakeCatalog.endpointPort;
import static io.urumi.devcluster.net.FakeCatalog.port;
import static io.urumi.devcluster.net.FakeCatalog.subset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The responder over real sockets to a stand-in upstream resolver; no cluster involved. */
class DnsResponderTest {
    private final DatagramSocket upstream = bindLoopback();
    private final FakeCatalog catalog = new FakeCatalog()
            .add(FakeCatalog.clusterIp("shop", "web", "10.96.0.20", port("http", 80, "8080")))
            .add(FakeCatalog.externalName("shop", "alias", "web.shop.svc.cluster.local"));

    private static DatagramSocket bindLoopback() {
        try {
            return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeUpstream() {
        upstream.close();
    }

    private DnsResponder responder(Duration timeout) {
        return new DnsResponder(new ClusterZone(catalog, 1), (InetSocketAddress) upstream.getLocalSocketAddress(),
                timeout, Runnable::run);
    }

    /** The stand-in upstream answers every question with 192.0.2.1. */
    private void answerUpstream() {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            while (!upstream.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    upstream.receive(packet);
                    Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    Message reply = new Message(query.getHeader().getID());
                    reply.getHeader().setFlag(Flags.QR);
                    reply.addRecord(query.getQuestion(), Section.QUESTION);
                    reply.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 60,
                            InetAddress.getByName("192.0.2.1")), Section.ANSWER);
                    byte[] wire = reply.toWire(512);
                    upstream.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    private static Message ask(DnsResponder responder, String name, int type, boolean udp) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        byte[] reply = responder.respond(query.toWire(), udp).toCompletableFuture().get();
        Message answer = new Message(reply);
        assertEquals(query.getHeader().getID(), answer.getHeader().getID(), "the reply carries the query's id");
        return answer;
    }

    @Test
    void aNameOutsideTheZoneIsForwardedAndTheUpstreamAnswerRelayed() throws Exception {
        answerUpstream();

        Message reply = ask(responder(Duration.ofSeconds(2)), "shop.example.com.", Type.A, true);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals("192.0.2.1", ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    }

    @Test
    void anUpstreamThatDoesNotAnswerGivesServfailSoon() throws Exception {
        long start = System.nanoTime();

        Message reply = ask(responder(Duration.ofMillis(300)), "shop.example.com.", Type.A, true);

        assertEquals(Rcode.SERVFAIL, reply.getRcode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "answered within the timeout");
    }

    @Test
    void aZoneAnswerIsAuthoritativeAndOffersRecursion() throws Exception {
        Message reply = ask(responder(Duration.ofSeconds(2)), "web.shop.svc.cluster.local.", Type.A, true);

        assertTrue(reply.getHeader().getFlag(Flags.AA));
        assertTrue(reply.getHeader().getFlag(Flags.RA));
        assertEquals(1, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void anExternalNameIsFollowedToAddressesBecauseStubResolversDoNotChaseCnames() throws Exception {
        Message reply = ask(responder(Duration.ofSeconds(2)), "alias.shop.svc.cluster.local.", Type.A, true);

        List<Record> answer = reply.getSection(Section.ANSWER);
        assertEquals(Type.CNAME, answer.get(0).getType());
        assertEquals("10.96.0.20", ((ARecord) answer.get(1)).getAddress().getHostAddress());
    }

    @Test
    void anAnswerTooBigForUdpIsTruncatedAndWholeOverTcp() throws Exception {
        List<EndpointAddress> many = IntStream.range(1, 101).mapToObj(i -> address("10.244.0." + i)).toList();
        catalog.add(FakeCatalog.headless("shop", "big", port("http", 80, "80")))
                .add(FakeCatalog.endpoints("shop", "big", subset(many, List.of(), endpointPort("http", 80))));
        DnsResponder responder = responder(Duration.ofSeconds(2));

        Message overUdp = ask(responder, "big.shop.svc.cluster.local.", Type.A, true);
        Message overTcp = ask(responder, "big.shop.svc.cluster.local.", Type.A, false);

        assertTrue(overUdp.getHeader().getFlag(Flags.TC));
        assertFalse(overTcp.getHeader().getFlag(Flags.TC));
        assertEquals(100, overTcp.getSection(Section.ANSWER).size());
    }

    @Test
    void aResponseOrAFewStrayBytesGetNoReply() throws Exception {
        Message response = Message.newQuery(Record.newRecord(Name.fromString("x.example.com."), Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);

        assertNull(responder(Duration.ofSeconds(2)).respond(response.toWire(), true).toCompletableFuture().get());
        assertNull(responder(Duration.ofSeconds(2)).respond(new byte[] {1, 2, 3}, true).toCompletableFuture().get());
    }
}
