package io.caravan.egress.stage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A SubEthaSMTP receiver on 127.0.0.1 for the egress stage scenarios: records each accepted
 * message byte for byte with the client address, session and EHLO name; answers RCPT as the
 * scenario's {@link Answer} says; counts transactions open at the same time and notes when each
 * connection was accepted.
 */
final class TestMx implements AutoCloseable {

    /** @param atMillis when the message was taken (System.currentTimeMillis) */
    record Received(String from, List<String> recipients, byte[] data, String clientAddress, String sessionId,
                    String helo, long atMillis) {
    }

    /** A connection the receiver accepted, from whom and when (System.currentTimeMillis). */
    record Connection(String clientAddress, long atMillis) {
    }

    /**
     * The reply to RCPT for a recipient at its n-th try (1-based) from a client address: null
     * accepts, "451 4.7.1 text" refuses.
     */
    @FunctionalInterface
    interface Answer {
        String rcpt(String recipient, int attempt, String client);
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final SMTPServer server;
    private final Answer answer;
    private final Duration dataDelay;

    private TestMx(Answer answer, Duration dataDelay) throws IOException {
        this.answer = answer;
        this.dataDelay = dataDelay;
        server = SMTPServer.port(freePort()).bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("mx.example.net").insertReceivedHeaders(false).maxConnections(100)
                .messageHandlerFactory(this::handler).sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        connections.add(new Connection(session.getRemoteAddress().getAddress().getHostAddress(),
                                System.currentTimeMillis()));
                        return SessionAcceptance.success();
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                    }
                }).build();
        server.start();
    }

    static TestMx accepting() throws IOException {
        return new TestMx((r, n, client) -> null, Duration.ZERO);
    }

    static TestMx answering(Answer answer) throws IOException {
        return new TestMx(answer, Duration.ZERO);
    }

    /** Accepts everything, each message only after {@code delay}, so deliveries overlap. */
    static TestMx slow(Duration delay) throws IOException {
        return new TestMx((r, n, client) -> null, delay);
    }

    int port() {
        return server.getPortAllocated();
    }

    long sessions() {
        return messages.stream().map(Received::sessionId).distinct().count();
    }

    int maxSimultaneousTransactions() {
        return maxOpen.get();
    }

    int tries(String recipient) {
        return tries.getOrDefault(recipient, new AtomicInteger()).get();
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            String from;
            boolean counted;
            final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String f) {
                from = f;
                counted = true;
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            }

            @Override
            public void recipient(String r) throws RejectException {
                int n = tries.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                String client = ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress();
                String refusal = answer.rcpt(r, n, client);
                if (refusal != null) {
                    throw new RejectException(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4));
                }
                recipients.add(r);
            }

            @Override
            public String data(InputStream in) throws IOException {
                byte[] data = in.readAllBytes();
                try {
                    Thread.sleep(dataDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String client = ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress();
                messages.add(new Received(from, List.copyOf(recipients), data, client, context.getSessionId(),
                        context.getHelo().orElse(null), System.currentTimeMillis()));
                return null;
            }

            @Override
            public void done() {
                if (counted) {
                    open.decrementAndGet();
                    counted = false;
                }
            }
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
