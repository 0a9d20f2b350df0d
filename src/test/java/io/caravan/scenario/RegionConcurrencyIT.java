package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.ChildJvm;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged nodes of one region on one broker (a whole node whose embedded broker listens on loopback, and an
 * egress node reading its queues) send from the same two sources to one receiver, whose shaping allows 4
 * concurrent deliveries per source and 6 from all sources. Their heartbeats go over the broker's member topic;
 * each node takes 2 per source and 3 in all, so the receiver, which answers each message after a pause to keep
 * deliveries in flight, never has more than 4 transactions under way from a source, nor 6 in all. With
 * heartbeats off, each node takes the whole figures and the receiver counts more.
 */
class RegionConcurrencyIT {

    private static final int PER_SOURCE = 4;
    private static final int ALL_SOURCES = 6;
    private static final int MESSAGES = 80;

    /** Kept after a failure: the two nodes' logs say who sent what. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twoNodesTogetherKeepToOneSourcesConnections() throws Exception {
        Peaks peaks = peaks("shared", "2s");
        assertEquals(Set.of("127.0.0.2", "127.0.0.3"), peaks.transactions().keySet(),
                "the transactional pool's two sources sent");
        assertTrue(peaks.transactions().values().stream().allMatch(n -> n <= PER_SOURCE), "the region held at most "
                + PER_SOURCE + " deliveries from a source at once: " + peaks);
        assertTrue(peaks.transactions().values().stream().anyMatch(n -> n >= PER_SOURCE - 1),
                "the backlog kept both nodes at their share: " + peaks);
        // one MX host: a node opens a connection only when none of its source's is idle, and a session is back in
        // the pool before its delivery's slot is, so the connections keep to the slots too
        assertTrue(peaks.sessions().values().stream().allMatch(n -> n <= PER_SOURCE), "at most " + PER_SOURCE
                + " connections from a source at once: " + peaks);
        assertTrue(peaks.all() <= ALL_SOURCES, "the region held at most " + ALL_SOURCES
                + " deliveries to the destination at once: " + peaks);
    }

    /** The same two nodes with heartbeats off: each takes the whole figure, and the receiver sees it. */
    @Test
    void withoutHeartbeatsEachNodeTakesTheWholeFigure() throws Exception {
        Peaks peaks = peaks("alone", "0s");
        assertTrue(peaks.transactions().values().stream().anyMatch(n -> n > PER_SOURCE),
                "without heartbeats a source went over " + PER_SOURCE + " at once: " + peaks);
        assertTrue(peaks.all() > ALL_SOURCES, "without heartbeats the destination got over " + ALL_SOURCES
                + " at once: " + peaks);
    }

    /** Per source address, the most transactions and connections the receiver had at once; transactions in all. */
    private record Peaks(Map<String, Integer> transactions, Map<String, Integer> sessions, int all) {
    }

    /** Runs the backlog through nodes a and b. */
    private Peaks peaks(String run, String heartbeat) throws Exception {
        int brokerPort = ChildJvm.freePort();
        try (Sink mx = Sink.slow(Duration.ofSeconds(1));
             PackagedGateway a = shaped(new PackagedGateway(dir.resolve(run + "-a")), "a", heartbeat)
                     .set("caravan.broker.listen", "127.0.0.1:" + brokerPort)
                     .write("transport", "example.net smtp:[127.0.0.1]:" + mx.port() + "\n")
                     .set("caravan.smtp.guard.greet-delay", "0s")
                     .set("caravan.smtp.guard.connection-rate-per-client", 0)
                     .set("caravan.smtp.guard.message-rate-per-client", 0)
                     .write("trusted-networks", "127.0.0.1/32\n").start();
             PackagedGateway b = shaped(new PackagedGateway(dir.resolve(run + "-b")), "b", heartbeat)
                     .set("caravan.node.role", "egress")
                     .set("caravan.broker.url", "tcp://127.0.0.1:" + brokerPort).start()) {
            if (!heartbeat.equals("0s")) {
                a.awaitLine(Duration.ofSeconds(30), "members besides this node: {b=");
                b.awaitLine(Duration.ofSeconds(30), "members besides this node: {a=");
            }
            for (int i = 0; i < MESSAGES; i++) {
                String rcpt = "c" + i + "@example.net";
                String reply = a.send("127.0.0.1", "shop@example.org", List.of(rcpt),
                        Mail.text("shop@example.org", rcpt, "n" + i));
                assertTrue(reply.startsWith("250"), reply);
            }
            mx.await(l -> l.size() >= MESSAGES, Duration.ofSeconds(120));
            System.out.printf("two nodes, heartbeat %s, %d per source, %d in all: peak transactions per source %s, "
                    + "in all %d, peak connections %s%n", heartbeat, PER_SOURCE, ALL_SOURCES, mx.peakTransactions(),
                    mx.peakTransactionsAll(), mx.peakSessions());
            assertTrue(a.log().contains("status=sent") && b.log().contains("status=sent"),
                    "both nodes delivered part of the backlog");
            return new Peaks(mx.peakTransactions(), mx.peakSessions(), mx.peakTransactionsAll());
        }
    }

    /** A node of the default region with the receiver's shaping: 4 per source, 6 in all, sessions that last. */
    private static PackagedGateway shaped(PackagedGateway node, String name, String heartbeat) {
        return node.set("caravan.node.name", name).set("caravan.region.heartbeat", heartbeat)
                .write("shaping.yaml", "domains:\n  example.net: { max_connections: " + ALL_SOURCES
                        + ", max_connections_per_source: " + PER_SOURCE + ", max_messages_per_connection: 1000 }\n");
    }
}
