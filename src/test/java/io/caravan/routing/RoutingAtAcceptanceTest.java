package io.caravan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.Headers;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * An accepted message is routed before its 250 when that needs no DNS question, no operator hook, and gives
 * one delivery; it then skips the incoming queue. Anything else still goes through the routing stage.
 */
class RoutingAtAcceptanceTest {

    @TempDir
    Path dir;
    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = LoopbackDnsServer.start();
        dns.add("example.net. 300 IN MX 10 mx.example.net.")
                .add("mx.example.net. 300 IN A 127.0.0.1")
                .add("other.test. 300 IN MX 10 mx.other.test.")
                .add("mx.other.test. 300 IN A 127.0.0.1");
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    @Test
    void aDestinationInTheDnsCacheIsRoutedAtOnceAndOthersByTheStage() throws Exception {
        TestNode node = node();
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            int port = gateway.smtpPort("mx");
            send(port, "a@example.net"); // nothing cached yet: the stage asks DNS
            awaitDeliveries(jms, 1);
            assertEquals(1, stageRouted(gateway));
            assertEquals(1, dns.queryCount("example.net", Type.MX));

            send(port, "b@example.net"); // every answer cached: routed before the 250
            awaitDeliveries(jms, 2);
            assertEquals(1, stageRouted(gateway));
            assertEquals(1, dns.queryCount("example.net", Type.MX), "routing at acceptance asked DNS");

            send(port, "c@other.test"); // a new destination: the stage again
            awaitDeliveries(jms, 3);
            assertEquals(2, stageRouted(gateway));

            send(port, "d@example.net", "e@other.test"); // two deliveries: the stage, which splits it
            awaitDeliveries(jms, 5);
            assertEquals(3, stageRouted(gateway));
            assertEquals(List.of(), jms.browse(StageQueue.INCOMING.queueName()));
            // the same delivery either way: the envelope, the route, the class and the pool
            for (Jms.Queued q : jms.browseLanes()) {
                assertEquals("transactional", q.property(Headers.POOL), q.properties().toString());
                assertEquals(0, q.properties().get(Headers.ATTEMPTS), q.properties().toString());
            }
        }
    }

    @Test
    void anOperatorsHookKeepsRoutingInTheStage() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("vip.camel.yaml"), """
                - route:
                    id: vip-pool
                    from:
                      uri: direct:caravan-routing-hook
                      steps:
                        - setHeader:
                            name: CaravanPool
                            constant: executive
                """);
        TestNode node = node().set("caravan.routes.dir", routes.toAbsolutePath());
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            int port = gateway.smtpPort("mx");
            send(port, "a@example.net");
            send(port, "b@example.net");
            awaitDeliveries(jms, 2);
            assertEquals(2, stageRouted(gateway), "the hook runs in the stage, never before a 250");
            for (Jms.Queued q : jms.browseLanes()) {
                assertEquals("executive", q.property(Headers.POOL));
            }
        }
    }

    @Test
    void switchedOffEverythingGoesThroughTheStage() throws Exception {
        TestNode node = node().set("caravan.routing.at-acceptance", false);
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            int port = gateway.smtpPort("mx");
            send(port, "a@example.net");
            send(port, "b@example.net");
            awaitDeliveries(jms, 2);
            assertEquals(2, stageRouted(gateway));
        }
    }

    private TestNode node() {
        return new TestNode(dir).set("caravan.egress.enabled", false).acceptedDomains("example.net", "other.test")
                .dns(dns);
    }

    private static void send(int port, String... recipients) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect(port)) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<sender@example.org>", 250);
            for (String r : recipients) {
                smtp.cmd("RCPT TO:<" + r + ">", 250);
            }
            smtp.cmd("DATA", 354);
            smtp.raw("Subject: hi\r\n\r\nhi\r\n.\r\n");
            smtp.expect(250);
            smtp.cmd("QUIT", 221);
        }
    }

    private static void awaitDeliveries(Jms jms, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int queued = jms.browseLanes().size();
        while (queued < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            queued = jms.browseLanes().size();
        }
        assertEquals(n, queued);
    }

    /** Messages the routing stage took off the incoming queue. */
    private static long stageRouted(Gateway gateway) {
        return gateway.camelContext().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("routing").getExchangesTotal();
    }
}
