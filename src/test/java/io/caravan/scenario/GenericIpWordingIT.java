package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that no provider rule knows (its MX, mx1.example.net, is in no provider of providers.yaml) refuses
 * the first source that knocks with AT&T's reverse-DNS wording, "550 5.7.1 Connections not accepted from servers
 * without a valid sender domain. ## Fix reverse DNS for &lt;address&gt;". The shipped generic layer reads it
 * (generic-reverse-dns): the source is suspended for that receiver, the 5xx is read as 4xx, and the mail is not
 * bounced but shifted: the executive class's only source (127.0.0.6) is out, so the message leaves from its
 * fallback pool, transactional (127.0.0.2 and 127.0.0.3), as config/egress.yaml ships it.
 */
class GenericIpWordingIT {

    @Test
    void aGenericIpWordingSuspendsTheSourceAndShiftsTheMail(@TempDir Path dir) throws Exception {
        AtomicReference<String> refused = new AtomicReference<>();
        Sink.Answer receiver = (rcpt, client) -> refused.updateAndGet(r -> r == null ? client : r).equals(client)
                ? "550 5.7.1 Connections not accepted from servers without a valid sender domain. ## Fix reverse DNS"
                + " for " + client : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink mx = Sink.answering(receiver);
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx1.example.net.").add("mx1.example.net. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "example.net smtp:example.net:" + mx.port() + "\n");
            gateway.start();

            String queueId = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "ceo@example.org",
                    List.of("ann@example.net"), Mail.text("ceo@example.org", "ann@example.net", "first",
                            "X-Caravan-Class: executive")));
            gateway.awaitLine(Duration.ofSeconds(20),
                    "source=local-exec-1 provider=example.net status=suspended rule=generic-reverse-dns until=");

            List<Sink.Received> got = mx.await(l -> !l.isEmpty(), Duration.ofSeconds(20));
            assertEquals("127.0.0.6", refused.get(), "the executive pool's source went first");
            assertEquals(1, mx.refused().size(), "the suspended source did not try again: " + mx.refused());
            assertEquals(Set.of("ann@example.net"), Set.copyOf(got.get(0).recipients()));
            assertTrue(got.get(0).client().equals("127.0.0.2") || got.get(0).client().equals("127.0.0.3"),
                    "the mail left from the transactional pool: " + got.get(0).client());
            String log = gateway.log();
            assertTrue(RateLimitShiftIT.hasLine(log, "queue_id=" + queueId + " to=<ann@example.net> ",
                    " source=local-tx-", " status=sent ("), log);
            assertTrue(log.lines().noneMatch(l -> l.contains("queue_id=" + queueId) && l.contains("status=bounced")),
                    "the 5xx about the address did not bounce the mail: " + log);
            assertTrue(log.lines().noneMatch(l -> l.contains("from=<>")), "no bounce was sent: " + log);
        }
    }
}
