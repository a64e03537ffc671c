package io.urumi.devcluster.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query into its reply: names in cluster.local from the {@link ClusterZone}, every other name from
 * the upstream resolver, and SERVFAIL soon when that one does not answer, so that a pod learns quickly that an
 * internet name cannot be resolved here.
 */
final class DnsResponder {
    private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);
    /** The EDNS payload that DNS Flag Day 2020 settled on: replies that big are not fragmented. */
    static final int EDNS_PAYLOAD = 1232;
    private static final int PLAIN_UDP = 512;
    private static final int TCP_MAX = 65_535;
    private static final int MAX_CNAME_CHAIN = 8;

    private final ClusterZone zone;
    private final SimpleResolver upstream;
    private final Executor executor;

    DnsResponder(ClusterZone zone, InetSocketAddress upstream, Duration timeout, Executor executor) {
        this.zone = zone;
        this.executor = executor;
        this.upstream = new SimpleResolver(upstream);
        this.upstream.setTimeout(timeout);
        // Forwarded queries keep the client's own EDNS (or its absence); the resolver adds none.
        this.upstream.setEDNS(null);
    }

    /** The reply in wire format, or null for input that deserves none (a response, a few stray bytes). */
    CompletionStage<byte[]> respond(byte[] wire, boolean udp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException unreadable) {
            return CompletableFuture.completedFuture(wire.length < 12 ? null : render(formatError(wire), null, udp));
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return CompletableFuture.completedFuture(null);
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return done(reply(query, Rcode.NOTIMP), query, udp);
        }
        if (question == null || query.getSection(Section.QUESTION).size() != 1) {
            return done(reply(query, Rcode.FORMERR), query, udp);
        }
        if (!zone.contains(question.getName())) {
            return forward(query).thenApply(reply -> render(reply, query, udp));
        }
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return done(reply(query, Rcode.REFUSED), query, udp);
        }
        return fromZone(query).thenApply(reply -> render(reply, query, udp));
    }

    private CompletionStage<Message> forward(Message query) {
        return upstream.sendAsync(query, executor)
                .thenApply(reply -> {
                    reply.getHeader().setID(query.getHeader().getID());
                    return reply;
                })
                .exceptionally(failure -> {
                    LOG.debug("upstream {} gave no answer for {}: {}", upstream.getAddress(),
                            query.getQuestion().getName(), failure.toString());
                    return reply(query, Rcode.SERVFAIL);
                });
    }

    private CompletionStage<Message> fromZone(Message query) {
        Record question = query.getQuestion();
        Message reply = reply(query, Rcode.NOERROR);
        reply.getHeader().setFlag(Flags.AA);
        ClusterZone.Answer answer = zone.answer(question.getName(), question.getType());
        reply.getHeader().setRcode(answer.rcode());
        answer.answer().forEach(r -> reply.addRecord(r, Section.ANSWER));
        answer.authority().forEach(r -> reply.addRecord(r, Section.AUTHORITY));
        answer.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
        Name target = cnameTarget(answer.answer());
        if (target == null || question.getType() == Type.CNAME || question.getType() == Type.ANY) {
            return CompletableFuture.completedFuture(reply);
        }
        // Stub resolvers (glibc, musl) do not follow a CNAME themselves: a recursive server must, as CoreDNS does.
        return chase(reply, target, question.getType(), 1);
    }

    private CompletionStage<Message> chase(Message reply, Name target, int type, int depth) {
        if (depth > MAX_CNAME_CHAIN) {
            return CompletableFuture.completedFuture(reply);
        }
        if (zone.contains(target)) {
            ClusterZone.Answer answer = zone.answer(target, type);
            answer.answer().forEach(r -> reply.addRecord(r, Section.ANSWER));
            Name next = cnameTarget(answer.answer());
            return next == null ? CompletableFuture.completedFuture(reply) : chase(reply, next, type, depth + 1);
        }
        Message lookup = Message.newQuery(Record.newRecord(target, type, DClass.IN));
        return upstream.sendAsync(lookup, executor)
                .thenApply(found -> {
                    if (found.getRcode() == Rcode.NOERROR) {
                        found.getSection(Section.ANSWER).forEach(r -> reply.addRecord(r, Section.ANSWER));
                    }
                    return reply;
                })
                .exceptionally(failure -> reply); // the CNAME alone still says where the name points
    }

    private static Name cnameTarget(List<Record> records) {
        return records.stream()
                .filter(r -> r instanceof CNAMERecord)
                .map(r -> ((CNAMERecord) r).getTarget())
                .findFirst().orElse(null);
    }

    /** An empty reply to {@code query} with {@code rcode}: same id and question, recursion available. */
    private static Message reply(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setOpcode(query.getHeader().getOpcode());
        reply.getHeader().setRcode(rcode);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        return reply;
    }

    private static Message formatError(byte[] wire) {
        Message reply = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setRcode(Rcode.FORMERR);
        return reply;
    }

    private static CompletionStage<byte[]> done(Message reply, Message query, boolean udp) {
        return CompletableFuture.completedFuture(render(reply, query, udp));
    }

    /** Wire format sized for the transport: over UDP what the client can take, truncated (TC) beyond. */
    private static byte[] render(Message reply, Message query, boolean udp) {
        OPTRecord clientOpt = query == null ? null : query.getOPT();
        if (clientOpt != null && reply.getOPT() == null) {
            reply.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        int limit = !udp ? TCP_MAX
                : clientOpt == null ? PLAIN_UDP
                : Math.max(PLAIN_UDP, Math.min(clientOpt.getPayloadSize(), EDNS_PAYLOAD));
        return reply.toWire(limit);
    }
}
