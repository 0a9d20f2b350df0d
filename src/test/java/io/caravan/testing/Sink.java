package io.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A next-hop mail server on 127.0.0.1 for scenarios against the packaged jar: a SubEthaSMTP receiver
 * (GreenMail cannot take the null sender's RCPT, so it could not receive a DSN) that keeps each message
 * with the client address it came from and the TLS protocol of its session, and answers RCPT as the
 * scenario says.
 */
public final class Sink implements AutoCloseable {

    /** @param tls the session's TLS protocol, null when the message came in cleartext */
    public record Received(String from, List<String> recipients, byte[] data, String client, String tls) {
    }

    /** (recipient, client address) to a refusal such as "550 5.1.1 user unknown", or null to accept. */
    @FunctionalInterface
    public interface Answer {
        String rcpt(String recipient, String client);
    }

    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> senders = new CopyOnWriteArrayList<>();
    private final SMTPServer server;
    private final Answer answer;
    private final Duration replyDelay;
    private final Peaks sessions = new Peaks();
    private final Peaks transactions = new Peaks();

    private Sink(Answer answer, SSLContext tls, Duration replyDelay) throws IOException {
        this.answer = answer;
        this.replyDelay = replyDelay;
        SMTPServer.Builder b = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("sink.test").insertReceivedHeaders(false).messageHandlerFactory(this::handler)
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        sessions.up(client(session.getRealRemoteAddress()));
                        return SessionAcceptance.success();
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                        sessions.down(client(session.getRealRemoteAddress()));
                    }
                });
        if (tls != null) {
            b.enableTLS().startTlsSocketFactory(tls);
        }
        server = b.build();
        server.start();
    }

    public static Sink accepting() throws IOException {
        return new Sink((rcpt, client) -> null, null, Duration.ZERO);
    }

    public static Sink answering(Answer answer) throws IOException {
        return new Sink(answer, null, Duration.ZERO);
    }

    /** Offers STARTTLS with this server context and accepts everything. */
    public static Sink withStartTls(SSLContext tls) throws IOException {
        return new Sink((rcpt, client) -> null, tls, Duration.ZERO);
    }

    /** Accepts everything, but takes {@code replyDelay} to answer each message's data: a delivery stays in flight. */
    public static Sink slow(Duration replyDelay) throws IOException {
        return new Sink((rcpt, client) -> null, null, replyDelay);
    }

    public int port() {
        return server.getPortAllocated();
    }

    public List<Received> messages() {
        return List.copyOf(messages);
    }

    /** The messages with {@code recipient} among their recipients. */
    public List<Received> to(String recipient) {
        return messages.stream().filter(m -> m.recipients().contains(recipient)).toList();
    }

    /** Every refusal this sink gave, as "client reply". */
    /** Every MAIL FROM received, also of transactions that never reached DATA. */
    public List<String> senders() {
        return List.copyOf(senders);
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** Per client address, the most SMTP connections it held open at once, idle ones included. */
    public Map<String, Integer> peakSessions() {
        return sessions.peaks();
    }

    /** Per client address, the most mail transactions (MAIL FROM to their end) it had under way at once. */
    public Map<String, Integer> peakTransactions() {
        return transactions.peaks();
    }

    /** The most transactions under way at once, all clients together. */
    public int peakTransactionsAll() {
        return transactions.peakAll();
    }

    /** Polls until the received messages satisfy {@code done}, or fails after {@code timeout} saying what came. */
    public List<Received> await(Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(messages())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink on port " + port() + " got " + messages().size() + " message(s) from "
                        + messages().stream().map(Received::client).toList() + ", refused " + refused()
                        + ", not what was awaited within " + timeout);
            }
            Thread.sleep(50);
        }
        return messages();
    }

    private MessageHandler handler(MessageContext context) {
        String client = client((InetSocketAddress) context.getRemoteAddress());
        return new MessageHandler() {
            String from;
            boolean counted;
            final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String f) {
                from = f;
                senders.add(f);
                counted = true;
                transactions.up(client);
            }

            @Override
            public void recipient(String r) throws RejectException {
                String refusal = answer.rcpt(r, client);
                if (refusal != null) {
                    refused.add(client + " " + refusal);
                    throw new RejectException(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4));
                }
                recipients.add(r);
            }

            @Override
            public String data(InputStream in) throws IOException {
                byte[] data = in.readAllBytes();
                try {
                    Thread.sleep(replyDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                messages.add(new Received(from, List.copyOf(recipients), data, client, tls(context)));
                // the transaction ends here, before the reply: the client may begin its next one once it reads it
                done();
                return null;
            }

            @Override
            public void done() {
                if (counted) {
                    counted = false;
                    transactions.down(client);
                }
            }
        };
    }

    private static String client(InetSocketAddress remote) {
        return remote.getAddress().getHostAddress();
    }

    /** Open counts per client address and the highest each reached. */
    private static final class Peaks {
        private final Map<String, Integer> open = new TreeMap<>();
        private final Map<String, Integer> peak = new TreeMap<>();
        private int openAll;
        private int peakAll;

        synchronized void up(String client) {
            int now = open.merge(client, 1, Integer::sum);
            peak.merge(client, now, Math::max);
            peakAll = Math.max(peakAll, ++openAll);
        }

        synchronized void down(String client) {
            open.merge(client, -1, Integer::sum);
            openAll--;
        }

        synchronized int peakAll() {
            return peakAll;
        }

        synchronized Map<String, Integer> peaks() {
            return new TreeMap<>(peak);
        }
    }

    private static String tls(MessageContext context) {
        return context instanceof Session s && s.isTLSStarted() && s.getSocket() instanceof SSLSocket ssl
                ? ssl.getSession().getProtocol() : null;
    }

    @Override
    public void close() {
        server.stop();
    }
}
