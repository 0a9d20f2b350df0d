package io.caravan.ingress.component;

import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code from("smtp-server:...")} in a real CamelContext: one exchange per message, 451 when the route fails. */
class SmtpServerComponentTest {

    @TempDir
    Path dir;
    DefaultCamelContext camel;
    final List<Exchange> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("accepted-domains"), "# ours\nexample.com\n");
        camel = new DefaultCamelContext();
        String uri = "smtp-server:mx?host=127.0.0.1&port=0&hostname=mx.camel.test&dataDir=" + dir.resolve("data")
                + "&configDir=" + config;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("ingress").process(e -> {
                    if (e.getIn().getBody(String.class).contains("FAIL")) {
                        throw new IllegalStateException("route refuses");
                    }
                    received.add(e.copy());
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private int port() {
        return ((SmtpServerConsumer) camel.getRoute("ingress").getConsumer()).server().port();
    }

    @Test
    void eachMessageBecomesOneExchangeAndARouteFailureAnswers451() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220 mx.camel.test"));
            out.write(("HELO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (String expected : new String[] {"250", "250 2.1.0", "250 2.1.5", "354"}) {
                assertTrue(in.readLine().startsWith(expected));
            }
            out.write("Subject: ok\r\n\r\nhello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            String queued = in.readLine();
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);

            out.write(("MAIL FROM:<a@remote.test>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            in.readLine();
            in.readLine();
            out.write("Subject: FAIL\r\n\r\nhello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            String failed = in.readLine();
            assertTrue(failed.startsWith("451 4.3.0"), failed);

            assertEquals(1, received.size());
            Exchange e = received.get(0);
            String id = queued.substring(queued.lastIndexOf(' ') + 1);
            assertEquals(id, e.getIn().getHeader(Headers.QUEUE_ID));
            Envelope envelope = EnvelopeJson.read(e.getIn().getHeader(Headers.ENVELOPE, String.class));
            assertEquals(id, envelope.queueId());
            assertEquals("bob@example.com", envelope.recipients().get(0).address());
            String body = new String(e.getIn().getBody(byte[].class), StandardCharsets.UTF_8);
            assertTrue(body.startsWith("Received: from c.test ([127.0.0.1])"), body);
            assertTrue(body.endsWith("Subject: ok\r\n\r\nhello\r\n"), body);
        }
    }
}
