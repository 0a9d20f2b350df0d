package io.caravan.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * An MTA-STS policy host on 127.0.0.1: the JDK's HTTPS server answering {@code /.well-known/mta-sts.txt} with
 * the policy a test sets, as {@code text/plain}. It records the Host header of every request, so a test can tell
 * how often a policy was fetched.
 */
public final class PolicyServer implements AutoCloseable {

    private final HttpsServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String policy = "";

    public PolicyServer(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/.well-known/mta-sts.txt", exchange -> {
            requests.add(String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
            byte[] body = policy.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public PolicyServer serve(String policyText) {
        policy = policyText;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The Host header of each fetch so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
