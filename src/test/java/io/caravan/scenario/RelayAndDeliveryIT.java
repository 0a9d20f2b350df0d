package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The packaged jar takes mail for its accepted domain from a stranger and relays mail from a trusted network,
 * and delivers each message once to the next hop it finds by name: MX, then A, asked of a DNS server on
 * loopback. A stranger's mail for any other domain is refused at RCPT.
 */
class RelayAndDeliveryIT {

    @TempDir
    Path dir;

    @Test
    void acceptedAndRelayedMailReachesTheMxFoundThroughDnsExactlyOnce() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink inbound = Sink.accepting();
             Sink remote = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.org. 300 IN MX 10 mail.example.org.").add("mail.example.org. 300 IN A 127.0.0.1")
                    .add("remote.test. 300 IN MX 10 mx1.remote.test.").add("mx1.remote.test. 300 IN A 127.0.0.1");
            // the hosts are found by MX and A; the entries only give the sinks' ports, which cannot be 25 here
            gateway.dns(dns).write("accepted-domains", "example.org\n").write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.org smtp:example.org:" + inbound.port() + "\n"
                            + "remote.test smtp:remote.test:" + remote.port() + "\n");
            Queues queues = Queues.of(gateway);
            gateway.start();

            String in = queueId(gateway.send("127.0.0.9", "alice@stranger.test", List.of("bob@example.org"),
                    Mail.text("alice@stranger.test", "bob@example.org", "for the accepted domain")));
            String out = queueId(gateway.send("127.0.0.1", "app@example.org", List.of("carol@remote.test"),
                    Mail.text("app@example.org", "carol@remote.test", "relayed from a trusted network")));
            try (SmtpTestClient stranger = SmtpTestClient.connect("127.0.0.9",
                    new InetSocketAddress("127.0.0.1", gateway.mxPort()))) {
                stranger.expect(220);
                stranger.cmd("EHLO stranger.test", 250);
                stranger.cmd("MAIL FROM:<alice@stranger.test>", 250);
                stranger.cmd("RCPT TO:<carol@remote.test>", "554 5.7.1");
            }

            inbound.await(l -> !l.isEmpty(), Duration.ofSeconds(20));
            remote.await(l -> !l.isEmpty(), Duration.ofSeconds(20));
            // once nothing is queued any more, a second copy could only come from a message the gateway lost track of
            queues.awaitEmpty(Duration.ofSeconds(20), "caravan.incoming", "caravan.delivery");

            assertEquals(List.of(List.of("bob@example.org")), inbound.messages().stream().map(Sink.Received::recipients)
                    .toList(), "one copy for the accepted domain");
            assertTrue(new String(inbound.messages().get(0).data()).contains("for the accepted domain"));
            assertEquals(List.of(List.of("carol@remote.test")), remote.messages().stream().map(Sink.Received::recipients)
                    .toList(), "one copy of the relayed message");
            assertEquals("app@example.org", remote.messages().get(0).from());
            String log = gateway.log();
            assertTrue(RateLimitShiftIT.hasLine(log, "queue_id=" + in + " to=<bob@example.org> ",
                    " relay=mail.example.org[127.0.0.1]:" + inbound.port() + " ", " status=sent ("), log);
            assertTrue(RateLimitShiftIT.hasLine(log, "queue_id=" + out + " to=<carol@remote.test> ",
                    " relay=mx1.remote.test[127.0.0.1]:" + remote.port() + " ", " status=sent ("), log);
            assertTrue(dns.queryCount("example.org", Type.MX) > 0 && dns.queryCount("mail.example.org", Type.A) > 0,
                    "the next hop was looked up by name: " + dns.queries());
        }
    }

    static String queueId(String reply) {
        return reply.substring(reply.indexOf("queued as ") + "queued as ".length()).strip();
    }
}
