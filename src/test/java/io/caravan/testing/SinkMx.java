package io.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/** A SubEthaSMTP receiver on 127.0.0.1 that accepts everything and keeps every message it took, in order. */
public final class SinkMx implements AutoCloseable {

    /** One accepted transaction: envelope and data as the receiver read them. */
    public record Received(String from, List<String> recipients, byte[] data) {
    }

    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final SMTPServer server;
    private final Duration replyDelay;

    public SinkMx() throws IOException {
        this(Duration.ZERO);
    }

    /** A receiver that takes {@code replyDelay} to answer each message's data: a delivery stays in flight. */
    public SinkMx(Duration replyDelay) throws IOException {
        this.replyDelay = replyDelay;
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        server = SMTPServer.port(port).bindAddress(InetAddress.getByName("127.0.0.1")).hostName("sink.example.net")
                .insertReceivedHeaders(false).messageHandlerFactory(this::handler).build();
        server.start();
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

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            String from;
            final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String f) {
                from = f;
            }

            @Override
            public void recipient(String r) {
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
                messages.add(new Received(from, List.copyOf(recipients), data));
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
