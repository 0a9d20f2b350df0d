package io.caravan.bench;

import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The final destination of every bench message: an SMTP server on 127.0.0.1 that counts each bench id it
 * receives, with the arrival time of the first copy, so a run can tell delivered, duplicated and missing
 * messages apart. Like the large receiving providers it offers PIPELINING ({@link SinkEhlo}). It can be
 * told to refuse (421 at MAIL) or to be down (listener closed) for a while, which is how the fault
 * scenarios make the system under test queue.
 */
final class CountingSink implements AutoCloseable {
    /** One bench id as seen by the sink. */
    record Arrival(long firstNanos, int copies) {}

    private final int port;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private volatile boolean refusing;
    private volatile String refusal = "4.3.2 sink refusing for the bench";
    private SMTPServer server;

    CountingSink(int port) {
        this.port = port;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        server = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("sink.bench.test")
                .maxConnections(2000)
                .connectionTimeoutMs(60_000)
                .messageHandlerFactory(ctx -> new Handler())
                .serverSocketFactory(NoDelayServerSocket::new)
                .build();
        server.getCommandHandler().addCommand(new SinkEhlo());
        server.start();
    }

    /** Closes the listener: clients get "connection refused" until {@link #start()}. */
    synchronized void down() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    void refuse(boolean on) {
        refusing = on;
    }

    /** Refuses every MAIL with 421 and this text (e.g. a provider's own words, which responses.yaml acts on). */
    void refuse(String text) {
        refusal = text;
        refusing = true;
    }

    int port() {
        return port;
    }

    /** MAIL commands refused since start. */
    long refused() {
        return refused.get();
    }

    long received() {
        return received.get();
    }

    long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    Map<String, Arrival> arrivals() {
        return arrivals;
    }

    /** Bench ids in order of first arrival. */
    List<String> order() {
        synchronized (order) {
            return new ArrayList<>(order);
        }
    }

    void reset() {
        arrivals.clear();
        order.clear();
        received.set(0);
        lastArrivalNanos.set(0);
    }

    /** Waits until at least {@code count} distinct ids arrived, or nothing arrived for {@code idleMs}. */
    /**
     * Waits until every one of the ids has arrived, or nothing new arrived for idleMs, or maxMs passed.
     * Counting only these ids matters after a crash: messages delivered without a 250 must not stand in
     * for accepted ones still on their way.
     */
    void awaitIds(java.util.Set<String> ids, long idleMs, long maxMs) throws InterruptedException {
        long start = System.currentTimeMillis();
        long lastSeen = arrivals.size();
        long lastChange = start;
        while (!arrivals.keySet().containsAll(ids) && System.currentTimeMillis() - start < maxMs) {
            Thread.sleep(50);
            long now = arrivals.size();
            if (now != lastSeen) {
                lastSeen = now;
                lastChange = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastChange > idleMs) {
                return;
            }
        }
    }

    @Override
    public void close() {
        down();
    }

    /**
     * SubEthaSMTP writes and flushes each reply on its own. To a pipelined group (MAIL, RCPT, DATA) that is
     * three small writes in a row, and with Nagle's algorithm on, the second waits for the client's delayed
     * ACK of the first, 40 ms on Linux. Real receivers answer a group in one write; without the delay the
     * sink comes close to that.
     */
    private static final class NoDelayServerSocket extends ServerSocket {
        NoDelayServerSocket() throws IOException {
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
        }
    }

    private final class Handler implements MessageHandler {
        @Override
        public void from(String from) throws RejectException {
            if (refusing) {
                refused.incrementAndGet();
                throw new RejectException(421, refusal);
            }
        }

        @Override
        public void recipient(String recipient) {
        }

        @Override
        public String data(InputStream raw) throws IOException {
            InputStream data = new java.io.BufferedInputStream(raw, 16384);
            ByteArrayOutputStream headers = new ByteArrayOutputStream(1024);
            int prev3 = -1, prev2 = -1, prev1 = -1, c;
            boolean inHeaders = true;
            while ((c = data.read()) != -1) {
                if (inHeaders) {
                    headers.write(c);
                    if (prev1 == '\n' && c == '\n' || prev3 == '\r' && prev2 == '\n' && prev1 == '\r' && c == '\n') {
                        inHeaders = false;
                    }
                    prev3 = prev2;
                    prev2 = prev1;
                    prev1 = c;
                }
            }
            long now = System.nanoTime();
            String id = MessageFactory.idFromHeaders(headers.toString(StandardCharsets.US_ASCII));
            if (id == null) {
                id = "(no-id)";
            }
            received.incrementAndGet();
            lastArrivalNanos.set(now);
            Arrival before = arrivals.putIfAbsent(id, new Arrival(now, 1));
            if (before == null) {
                order.add(id);
            } else {
                arrivals.computeIfPresent(id, (k, a) -> new Arrival(a.firstNanos(), a.copies() + 1));
            }
            return null;
        }

        @Override
        public void done() {
        }
    }
}
