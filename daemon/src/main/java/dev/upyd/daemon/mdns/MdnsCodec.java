package dev.upyd.daemon.mdns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * mDNS messages through Netty's DNS codec (the one Vert.x already brings), run on an EmbeddedChannel so
 * that no DNS encoding is written by hand. Only what resolving a board's hostname needs: an A question
 * out, A/AAAA answers in (boards announce just an A record for their hostname).
 */
public final class MdnsCodec {
    public static final String GROUP = "224.0.0.251";
    public static final int PORT = 5353;
    private static final InetSocketAddress GROUP_ADDRESS = new InetSocketAddress(GROUP, PORT);

    private MdnsCodec() {
    }

    /** An answer record: a lower-case name without the trailing dot, its address and TTL. */
    public record Answer(String name, InetAddress address, long ttlSeconds) {
    }

    /** The bytes of a multicast query (id 0, as RFC 6762 §18.1 asks) for {@code name}'s A record. */
    public static byte[] query(String name) {
        DatagramDnsQuery q = new DatagramDnsQuery(null, GROUP_ADDRESS, 0);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(fqdn(name), DnsRecordType.A));
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        try {
            ch.writeOutbound(q);
            DatagramPacket p = ch.readOutbound();
            try {
                return ByteBufUtil.getBytes(p.content());
            } finally {
                p.release();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /**
     * The address answers in a received packet (answer and additional sections). Queries from other
     * hosts (our own looped-back ones too) and malformed packets yield nothing: the multicast group is
     * shared with every host on the link, so junk must be ignored, not fail the resolver.
     */
    public static List<Answer> answers(byte[] packet, InetSocketAddress sender) {
        List<Answer> out = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        try {
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(packet), GROUP_ADDRESS, sender));
            DnsResponse r = ch.readInbound();
            if (r == null) {
                return out;
            }
            try {
                collect(r, DnsSection.ANSWER, out);
                collect(r, DnsSection.ADDITIONAL, out);
            } finally {
                r.release();
            }
        } catch (DecoderException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return out; // "not a response" or garbage
        } finally {
            ch.finishAndReleaseAll();
        }
        return out;
    }

    private static void collect(DnsResponse r, DnsSection section, List<Answer> out) {
        for (int i = 0, n = r.count(section); i < n; i++) {
            DnsRecord rec = r.recordAt(section, i);
            if (!(rec instanceof DnsRawRecord raw)) {
                continue;
            }
            int len = raw.content().readableBytes();
            boolean a = rec.type() == DnsRecordType.A && len == 4;
            boolean aaaa = rec.type() == DnsRecordType.AAAA && len == 16;
            if (!a && !aaaa) {
                continue;
            }
            try {
                InetAddress addr = InetAddress.getByAddress(ByteBufUtil.getBytes(raw.content()));
                out.add(new Answer(normalise(rec.name()), addr, rec.timeToLive()));
            } catch (UnknownHostException e) {
                // cannot happen for 4/16 bytes
            }
        }
    }

    static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    public static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
