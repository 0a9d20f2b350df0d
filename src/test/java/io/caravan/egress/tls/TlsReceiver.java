package io.caravan.egress.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/** A SubEthaSMTP receiver on 127.0.0.1 named mx.dest.test, offering STARTTLS with the given context (or not). */
final class TlsReceiver implements AutoCloseable {

    final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final SMTPServer server;

    TlsReceiver(SSLContext tls) throws IOException {
        SMTPServer.Builder b = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("mx.dest.test").insertReceivedHeaders(false)
                // a session left open when the test ends holds the server's stop until its read times out
                .connectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .simpleMessageListener(new SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String recipient) {
                        return true;
                    }

                    @Override
                    public void deliver(String from, String recipient, InputStream data) throws IOException {
                        received.add(data.readAllBytes());
                    }
                });
        if (tls != null) {
            b.enableTLS().startTlsSocketFactory(tls);
        }
        server = b.build();
        server.start();
    }

    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }
}
