package io.caravan.egress.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/** A SubEthaSMTP receiver on 127.0.0.1 that records every message it accepts, byte for byte. */
final class Receiver implements AutoCloseable {

    record Received(String from, List<String> recipients, byte[] data, String clientAddress, String sessionId,
                    String helo) {
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    private final SMTPServer server;
    private final Set<String> rejected;

    private Receiver(Set<String> rejected, SSLContext tls) throws IOException {
        this.rejected = rejected;
        SMTPServer.Builder builder = SMTPServer.port(freePort()).bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("receiver.test").insertReceivedHeaders(false)
                .messageHandlerFactory(this::handler);
        if (tls != null) {
            builder.enableTLS().startTlsSocketFactory(tls);
        }
        server = builder.build();
        server.start();
    }

    static Receiver start() throws IOException {
        return new Receiver(Set.of(), null);
    }

    /** Recipients in the set are refused with 550 at RCPT. */
    static Receiver rejecting(Set<String> rejected) throws IOException {
        return new Receiver(rejected, null);
    }

    static Receiver withStartTls(SSLContext context) throws IOException {
        return new Receiver(Set.of(), context);
    }

    int port() {
        return server.getPortAllocated();
    }

    MxTarget target(String hostname) throws IOException {
        return new MxTarget(hostname, InetAddress.getByName("127.0.0.1"), port());
    }

    long sessions() {
        return messages.stream().map(Received::sessionId).distinct().count();
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            String from;
            final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String f) {
                from = f;
            }

            @Override
            public void recipient(String r) throws RejectException {
                if (rejected.contains(r)) {
                    throw new RejectException(550, "5.1.1 <" + r + ">: Recipient address rejected");
                }
                recipients.add(r);
            }

            @Override
            public String data(InputStream in) throws IOException {
                byte[] data = in.readAllBytes();
                String client = ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress();
                messages.add(new Received(from, List.copyOf(recipients), data, client, context.getSessionId(),
                        context.getHelo().orElse(null)));
                return null;
            }

            @Override
            public void done() {
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
