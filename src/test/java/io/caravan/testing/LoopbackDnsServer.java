package io.caravan.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An in-process authoritative DNS server for tests: it answers from the records a test adds, over
 * UDP and TCP on 127.0.0.1 (one port for both), so code under test talks the real wire protocol
 * through dnsjava's resolvers instead of a mocked lookup.
 *
 * <p>How it answers from the records (NODATA, NXDOMAIN, SOA for negative caching, RRSIG and NSEC
 * when the query sets the EDNS DO bit, so a zone signed with dnsjava's {@code DNSSEC} class can be
 * validated) is described in {@link LoopbackZone}.
 *
 * <p>Per name, a test can force NXDOMAIN, SERVFAIL, silence (the client times out) or truncation
 * (TC over UDP, so the client retries over TCP). Every query is logged so tests can prove caching.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    /** What the server does for a name regardless of its records. */
    public enum Behaviour { NORMAL, NXDOMAIN, SERVFAIL, REFUSED, NO_ANSWER, TRUNCATE }

    /** One query as received. */
    public record Query(Name name, int type, boolean tcp) {
        public String typeName() {
            return Type.string(type);
        }
    }

    private static final int UDP_DEFAULT_PAYLOAD = 512;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-dns");
        t.setDaemon(true);
        return t;
    });
    private final LoopbackZone zone = new LoopbackZone();
    private final Map<Name, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Query> log = new CopyOnWriteArrayList<>();
    private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
    private volatile boolean truncateAllUdp;
    private volatile boolean closed;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        threads.execute(this::serveUdp);
        threads.execute(this::acceptTcp);
    }

    /** Starts a server on 127.0.0.1 with an ephemeral port shared by UDP and TCP. */
    public static LoopbackDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()), 50);
                return new LoopbackDnsServer(udp, tcp);
            } catch (IOException portTakenForTcp) {
                udp.close();
                last = portTakenForTcp;
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1", last);
    }

    public int port() {
        return udp.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), port());
    }

    // ---- zone content ----

    /** Adds records (any type, including SOA, RRSIG, DNSKEY, NSEC); each keeps its own TTL. */
    public LoopbackDnsServer add(Record... added) {
        for (Record r : added) {
            zone.add(r);
        }
        return this;
    }

    public LoopbackDnsServer add(Iterable<? extends Record> added) {
        for (Record r : added) {
            zone.add(r);
        }
        return this;
    }

    /** Adds one record in zone-file syntax, e.g. {@code "example.com. 300 IN MX 10 mx.example.com."}. */
    public LoopbackDnsServer add(String zoneLine) {
        zone.add(LoopbackZone.parse(zoneLine));
        return this;
    }

    /** Removes the name's records of that type and their RRSIGs (all records with {@link Type#ANY}). */
    public LoopbackDnsServer remove(String name, int type) {
        zone.remove(name(name), type);
        return this;
    }

    /** Removes all records and behaviours (the query log is kept). */
    public LoopbackDnsServer clear() {
        zone.clear();
        behaviours.clear();
        truncateAllUdp = false;
        return this;
    }

    // ---- forced behaviours ----

    public LoopbackDnsServer behave(String name, Behaviour behaviour) {
        behaviours.put(name(name), behaviour);
        return this;
    }

    public LoopbackDnsServer nxdomain(String name) {
        return behave(name, Behaviour.NXDOMAIN);
    }

    public LoopbackDnsServer servfail(String name) {
        return behave(name, Behaviour.SERVFAIL);
    }

    /** Queries for the name are read and dropped: the client sees a timeout. */
    public LoopbackDnsServer noAnswer(String name) {
        return behave(name, Behaviour.NO_ANSWER);
    }

    /** UDP answers for the name are empty with TC set; TCP answers are complete. */
    public LoopbackDnsServer truncate(String name) {
        return behave(name, Behaviour.TRUNCATE);
    }

    /** Every UDP answer is empty with TC set, whatever the name. */
    public LoopbackDnsServer truncateAllUdp(boolean on) {
        truncateAllUdp = on;
        return this;
    }

    public LoopbackDnsServer normal(String name) {
        behaviours.remove(name(name));
        return this;
    }

    // ---- query log ----

    public List<Query> queries() {
        return List.copyOf(log);
    }

    /** Queries received for the name, any type, both transports. */
    public int queryCount(String name) {
        Name n = name(name);
        return (int) log.stream().filter(q -> q.name().equals(n)).count();
    }

    /** Queries received for the name and type, both transports. */
    public int queryCount(String name, int type) {
        Name n = name(name);
        return (int) log.stream().filter(q -> q.name().equals(n) && q.type() == type).count();
    }

    public int tcpQueryCount() {
        return (int) log.stream().filter(Query::tcp).count();
    }

    public void resetCounts() {
        log.clear();
    }

    // ---- answering ----

    /** Builds the answer, or null when the server must stay silent. */
    Message answer(Message query, boolean overTcp) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        if (opt != null) {
            response.addRecord(new OPTRecord(4096, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        Name qname = question.getName();
        int qtype = question.getType();
        log.add(new Query(qname, qtype, overTcp));

        Behaviour behaviour = behaviours.getOrDefault(qname, Behaviour.NORMAL);
        if (!overTcp && (truncateAllUdp || behaviour == Behaviour.TRUNCATE)) {
            behaviour = Behaviour.TRUNCATE;
        } else if (behaviour == Behaviour.TRUNCATE) {
            behaviour = Behaviour.NORMAL;
        }
        switch (behaviour) {
            case NO_ANSWER -> {
                return null;
            }
            case SERVFAIL -> response.getHeader().setRcode(Rcode.SERVFAIL);
            case REFUSED -> response.getHeader().setRcode(Rcode.REFUSED);
            case TRUNCATE -> {
                response.getHeader().setFlag(Flags.AA);
                response.getHeader().setFlag(Flags.TC);
            }
            case NXDOMAIN -> {
                response.getHeader().setFlag(Flags.AA);
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                zone.addNegativeAuthority(response, qname, dnssecOk, true);
            }
            case NORMAL -> {
                response.getHeader().setFlag(Flags.AA);
                zone.answer(response, qname, qtype, dnssecOk);
            }
        }
        return response;
    }

    // ---- transports ----

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query, false);
                if (response == null) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                int max = opt == null ? UDP_DEFAULT_PAYLOAD : Math.max(UDP_DEFAULT_PAYLOAD, opt.getPayloadSize());
                byte[] wire = response.toWire(max);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException socketClosed) {
                return;
            } catch (IOException malformed) {
                // a garbled datagram is dropped, as a real server would
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                openConnections.add(socket);
                threads.execute(() -> serveTcp(socket));
            } catch (IOException socketClosed) {
                return;
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    return;
                }
                Message response = answer(new Message(bytes), true);
                if (response == null) {
                    continue; // keep the connection open and silent: the client times out
                }
                byte[] wire = response.toWire(Message.MAXLENGTH);
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException clientDone) {
            // the client closed the connection
        } catch (IOException e) {
            // connection reset or server closed
        } finally {
            openConnections.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : openConnections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }

    private static Name name(String name) {
        return LoopbackZone.name(name);
    }
}
