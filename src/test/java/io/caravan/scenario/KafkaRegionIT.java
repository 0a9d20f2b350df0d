package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.KafkaBroker;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged nodes of one region share reputation through a real Kafka broker (KRaft, another JVM). Node a's
 * executive source is refused with a generic IP wording and suspended; node b, which has sent nothing, applies the
 * suspension within a second of a deciding it (the two log lines' timestamps, one clock); node c, started
 * afterwards, learns it from the stream at start, and its executive mail to the same receiver leaves from the
 * fallback pool without knocking with the suspended source.
 */
class KafkaRegionIT {

    /**
     * One Kafka broker for both cases, which use nodes of different names: the second case's region stream
     * still holds the first's suspension of the executive source, which its transactional mail never uses.
     */
    @TempDir
    static Path kafkaDir;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws InterruptedException {
        kafka = KafkaBroker.start(kafkaDir);
    }

    @AfterAll
    static void stopKafka() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static final String SUSPENDED =
            "source=local-exec-1 provider=example.net status=suspended rule=generic-reverse-dns until=";

    @Test
    void aSuspensionReachesTheRegionsOtherNodesAndOnesStartedLater(@TempDir Path dir) throws Exception {
        AtomicReference<String> refused = new AtomicReference<>();
        Sink.Answer receiver = (rcpt, client) -> client.equals("127.0.0.6") && refused.getAndSet(client) == null
                ? "550 5.7.1 Connections not accepted from servers without a valid sender domain. ## Fix reverse DNS"
                + " for " + client : null;
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink mx = Sink.answering(receiver);
             PackagedGateway a = node(dir, "a", dns, mx).start();
             PackagedGateway b = node(dir, "b", dns, mx).start()) {
            dns.add("example.net. 300 IN MX 10 mx1.example.net.").add("mx1.example.net. 300 IN A 127.0.0.1");

            a.send("127.0.0.1", "ceo@example.org", List.of("ann@example.net"),
                    Mail.text("ceo@example.org", "ann@example.net", "first", "X-Caravan-Class: executive"));
            String decided = a.awaitLine(Duration.ofSeconds(30), SUSPENDED, "node=a ");
            String applied = b.awaitLine(Duration.ofSeconds(30), SUSPENDED, "node=a ");
            Duration lag = Duration.between(time(decided), time(applied));
            System.out.println("node b applied node a's suspension " + lag.toMillis() + " ms after a decided it");
            assertTrue(lag.compareTo(Duration.ofSeconds(1)) < 0,
                    "node b applied node a's suspension " + lag.toMillis() + " ms after a decided it:\n"
                            + decided + "\n" + applied);
            mx.await(l -> l.size() == 1, Duration.ofSeconds(20));

            try (PackagedGateway c = node(dir, "c", dns, mx).start()) {
                c.awaitLine(Duration.ofSeconds(30), SUSPENDED, "node=a ");
                c.send("127.0.0.1", "ceo@example.org", List.of("bob@example.net"),
                        Mail.text("ceo@example.org", "bob@example.net", "second", "X-Caravan-Class: executive"));
                List<Sink.Received> got = mx.await(l -> l.size() == 2, Duration.ofSeconds(30));
                Sink.Received second = got.stream().filter(r -> r.recipients().contains("bob@example.net"))
                        .findFirst().orElseThrow();
                assertTrue(second.client().equals("127.0.0.2") || second.client().equals("127.0.0.3"),
                        "node c sent from the fallback pool: " + second.client());
                assertEquals(1, mx.refused().size(), "only node a's first attempt knocked with the suspended "
                        + "source: " + mx.refused());
            }
        }
    }

    /**
     * Two nodes send from the same sources to a destination limited to 30 messages a minute per source: with
     * each node hearing the other's heartbeat, each takes half, so the receiver counts about 30 a minute from each
     * source in all, not 60. Counted at the receiver over 60 s while both nodes have a backlog.
     */
    @Test
    void twoNodesTogetherKeepToOneSourcesRate(@TempDir Path dir) throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink mx = Sink.accepting();
             PackagedGateway a = limited(node(dir, "d", dns, mx)).start();
             PackagedGateway b = limited(node(dir, "e", dns, mx)).start()) {
            dns.add("example.net. 300 IN MX 10 mx1.example.net.").add("mx1.example.net. 300 IN A 127.0.0.1");
            // the first case's nodes a, b and c have stopped; until their last beats expire they are still listed
            a.awaitLine(Duration.ofSeconds(30), "members besides this node: {e=");
            b.awaitLine(Duration.ofSeconds(30), "members besides this node: {d=");
            for (int i = 0; i < 80; i++) {
                for (PackagedGateway node : List.of(a, b)) {
                    node.send("127.0.0.1", "shop@example.org", List.of("c" + i + "@example.net"),
                            Mail.text("shop@example.org", "c" + i + "@example.net", "n" + i));
                }
            }
            mx.await(l -> !l.isEmpty(), Duration.ofSeconds(30));
            Thread.sleep(5_000); // past the first bursts
            Map<String, Long> before = bySource(mx);
            Thread.sleep(60_000);
            Map<String, Long> after = bySource(mx);
            Map<String, Long> inWindow = new TreeMap<>();
            after.forEach((source, n) -> inWindow.put(source, n - before.getOrDefault(source, 0L)));
            System.out.println("delivered per source in 60 s, two nodes, 30/min per source: " + inWindow);
            long busiest = inWindow.values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(busiest >= 26 && busiest <= 34, "about 30 a source in 60 s for the region (60 if each node "
                    + "took the whole rate): " + inWindow);
            assertTrue(inWindow.values().stream().allMatch(n -> n <= 34), "no source over the rate: " + inWindow);
        }
    }

    private static PackagedGateway limited(PackagedGateway node) {
        // no banner delay or connection rate per client: the backlog must be queued faster than the region sends
        return node.set("caravan.smtp.guard.greet-delay", "0s").set("caravan.smtp.guard.connection-rate-per-client", 10000)
                .write("shaping.yaml", "domains:\n  example.net: { message_rate: 30/min }\n");
    }

    private static Map<String, Long> bySource(Sink mx) {
        return mx.messages().stream().collect(Collectors.groupingBy(Sink.Received::client, TreeMap::new,
                Collectors.counting()));
    }

    private static PackagedGateway node(Path dir, String name, LoopbackDnsServer dns, Sink mx) {
        return new PackagedGateway(dir.resolve(name)).dns(dns)
                .set("caravan.node.name", name)
                .set("caravan.kafka.bootstrap", kafka.bootstrap())
                .write("trusted-networks", "127.0.0.1/32\n")
                .write("transport", "example.net smtp:example.net:" + mx.port() + "\n");
    }

    /** The timestamp that begins each line of the jar's log. */
    private static OffsetDateTime time(String line) {
        return OffsetDateTime.parse(line.substring(0, line.indexOf(' ')));
    }
}
