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
 * Gmail's "421 4.7.28 ... unusual rate of unsolicited mail" from a server the packaged jar recognises as
 * Gmail only by the name of its MX (found through DNS on loopback) suspends the source that got it, with the
 * shipped rule gmail-ip-rate-limit, and the mail goes on from another pool of the same region: the executive
 * class's only source (127.0.0.6) is out, so its traffic shifts to its fallback pool, transactional
 * (127.0.0.2 and 127.0.0.3), as config/egress.yaml ships it.
 */
class RateLimitShiftIT {

    @Test
    void aGmailRateLimitSuspendsTheSourceAndTheNextMailLeavesFromAnotherPool(@TempDir Path dir) throws Exception {
        AtomicReference<String> limited = new AtomicReference<>();
        // the first address to knock is the one "Gmail" rate-limits, for as long as the scenario runs
        Sink.Answer gmail = (rcpt, client) -> limited.updateAndGet(l -> l == null ? client : l).equals(client)
                ? "421 4.7.28 [" + client + "] Our system has detected an unusual rate of unsolicited mail "
                + "originating from your IP address. To protect our users from spam, mail sent from your IP "
                + "address has been temporarily rate limited. - gsmtp" : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink google = Sink.answering(gmail);
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("gmail.com. 300 IN MX 5 alt1.gmail-smtp-in.l.google.com.")
                    .add("alt1.gmail-smtp-in.l.google.com. 300 IN A 127.0.0.1");
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "gmail.com smtp:gmail.com:" + google.port() + "\n")
                    // the deferred first message comes back within the scenario, not after the shipped 5 minutes
                    .set("caravan.retry.initial", "1s").set("caravan.retry.jitter", 0);
            gateway.start();

            String first = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "ceo@example.org",
                    List.of("ann@gmail.com"), Mail.text("ceo@example.org", "ann@gmail.com", "first",
                            "X-Caravan-Class: executive")));
            gateway.awaitLine(Duration.ofSeconds(20),
                    "source=local-exec-1 provider=gmail status=suspended rule=gmail-ip-rate-limit until=");
            String next = RelayAndDeliveryIT.queueId(gateway.send("127.0.0.1", "ceo@example.org",
                    List.of("ben@gmail.com"), Mail.text("ceo@example.org", "ben@gmail.com", "next",
                            "X-Caravan-Class: executive")));

            List<Sink.Received> got = google.await(l -> l.size() >= 2, Duration.ofSeconds(20));
            assertEquals("127.0.0.6", limited.get(), "the executive pool's source went first");
            assertEquals(1, google.refused().size(), "the suspended source did not try Gmail again: " + google.refused());
            assertEquals(Set.of("ann@gmail.com", "ben@gmail.com"),
                    Set.copyOf(got.stream().flatMap(r -> r.recipients().stream()).toList()));
            // the executive class falls back to transactional, then shared: transactional's spill-over budget
            // (a fifth of its rate) may have room for one of the two only, and the other leaves from shared
            assertTrue(got.stream().allMatch(r -> Set.of("127.0.0.2", "127.0.0.3", "127.0.0.7").contains(r.client())),
                    "both left from a fallback pool: " + got.stream().map(Sink.Received::client).toList());
            String log = gateway.log();
            assertTrue(hasLine(log, "queue_id=" + first + " to=<ann@gmail.com> ", " source=local-exec-1 ",
                    " status=deferred ("), log);
            for (String sent : List.of("queue_id=" + next + " to=<ben@gmail.com> ",
                    "queue_id=" + first + " to=<ann@gmail.com> ")) {
                assertTrue(hasLine(log, sent, " pool=transactional ", " status=sent (")
                        || hasLine(log, sent, " pool=shared ", " status=sent ("), log);
            }
        }
    }

    /** Whether one mail log line holds all the parts. */
    static boolean hasLine(String log, String... parts) {
        return log.lines().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains));
    }
}
