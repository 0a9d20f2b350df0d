package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.BrokerPairProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Http;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge whose core is on a replicated Artemis pair (two child JVMs, {@link BrokerPairProcess}), given only the
 * pair's failover URL: the primary is killed (SIGKILL) while the edge's bridge forwards a backlog, the bridge
 * follows the backup, and the mail accepted at the edge before the kill and after it reaches the sink once each.
 * The core and the egress node start once all of it is on the backup, so each copy the sink gets is one the pair
 * stored: a message the bridge sent again across the failover and the pair kept twice would come twice.
 */
class EdgeFailoverIT {

    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)\r?$");

    /** Kept after a failure: the nodes' and the brokers' logs say where a message went. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theEdgesBridgeFollowsTheBackupAndForwardsEachMessageOnce() throws Exception {
        int primaryPort = ChildJvm.freePort();
        int backupPort = ChildJvm.freePort();
        String pair = "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true"
                + "&reconnectAttempts=-1";
        int count = 150;
        try (Sink sink = Sink.accepting();
             PackagedGateway edge = new PackagedGateway(dir.resolve("edge"));
             PackagedGateway core = new PackagedGateway(dir.resolve("core"));
             PackagedGateway egress = new PackagedGateway(dir.resolve("egress"))) {
            edge.set("caravan.node.name", "edge-1").set("caravan.node.role", "edge").set("caravan.core.url", pair)
                    // one client sends the backlog quickly: no banner delay, no per-client rates
                    .set("caravan.smtp.guard.greet-delay", "0s").set("caravan.smtp.guard.connection-rate-per-client", 0)
                    .set("caravan.smtp.guard.message-rate-per-client", 0)
                    .write("accepted-domains", "example.net\n");
            core.set("caravan.node.name", "core-1").set("caravan.node.role", "core").set("caravan.broker.url", pair)
                    .write("transport", "example.net smtp:[127.0.0.1]:" + sink.port() + "\n");
            egress.set("caravan.node.name", "egress-1").set("caravan.node.role", "egress")
                    .set("caravan.broker.url", pair);

            // the backlog waits on the edge while the pair is not there yet: about 180 KB a message, so that
            // forwarding it outlasts a few polls of the edge's health
            edge.start();
            int health = edge.consolePort();
            List<String> expected = new ArrayList<>();
            String filler = "x".repeat(70) + "\r\n";
            for (int i = 0; i < count; i++) {
                expected.add(send(edge, "before-" + i, filler.repeat(2500)));
            }
            Http.await(health, "/health/ready", a -> a.body().contains("down, " + count + " messages waiting"),
                    Duration.ofSeconds(10));

            String brokerXml = core.config().resolve("broker.xml").toString();
            String clusterPassword = UUID.randomUUID().toString();
            try (ChildJvm primary = BrokerPairProcess.start(dir, brokerXml, "primary", primaryPort, backupPort,
                         clusterPassword);
                 ChildJvm backup = BrokerPairProcess.start(dir, brokerXml, "backup", backupPort, primaryPort,
                         clusterPassword)) {
                primary.awaitLog("state: active", Duration.ofSeconds(60));
                backup.awaitLog("state: in sync", Duration.ofSeconds(60));

                // the bridge forwards only to an address with a queue (until then Artemis holds it back, AMQ222097);
                // a core declares caravan.incoming on its broker at its first start, here the test does, so the
                // pair receives the backlog with no core reading it
                declareIncoming(primaryPort);

                // the primary killed once the bridge has forwarded part of the backlog, with more on its way
                Pattern waiting = Pattern.compile("connected, (\\d+) messages? waiting");
                long seen = -1;
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline) {
                    Matcher m = waiting.matcher(Http.get(health, "/health/ready").body());
                    if (m.find() && Long.parseLong(m.group(1)) <= count - 30) {
                        seen = Long.parseLong(m.group(1));
                        break;
                    }
                    Thread.sleep(2); // not a connection per microsecond: each poll comes from a new port
                }
                primary.kill();
                assertTrue(seen > 0 && seen < count, "the primary was killed while the bridge forwarded the backlog: "
                        + seen);

                // the edge takes mail on, and its bridge forwards all of it to the backup
                for (int i = 0; i < 10; i++) {
                    expected.add(send(edge, "after-" + i, ""));
                }
                Http.await(health, "/health/ready",
                        a -> a.body().contains("connected, 0 messages waiting to be forwarded"), Duration.ofSeconds(120));
                backup.awaitLog("state: active", Duration.ofSeconds(10));

                core.start();
                egress.start();
                sink.await(m -> m.size() >= expected.size(), Duration.ofSeconds(180));
                Thread.sleep(5000); // time for a copy that would come twice
                long dropped = backup.log().lines().filter(l -> l.contains("AMQ222059")).count();
                Map<String, Long> counts = counts(sink);
                long copies = counts.values().stream().mapToLong(n -> n - 1).sum();
                System.out.printf("edge failover: primary killed with %d of %d waiting on the edge; %d received, "
                        + "%d copies; the backup dropped %d duplicate(s)%n", seen, count, sink.messages().size(),
                        copies, dropped);
                // how the bridge went over, for the report: its broker's warnings
                edge.log().lines().filter(l -> l.contains(" WARN ") && l.contains("AMQ"))
                        .map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l).limit(20)
                        .forEach(l -> System.out.println("edge: " + l));
                assertEquals(once(expected), counts, "every message accepted at the edge reaches the sink exactly once");
            }
        }
    }

    /** Declares the queue edges forward to on the active broker, as a core does at its first start. */
    private static void declareIncoming(int port) throws Exception {
        try (Connection connection = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                "tcp://127.0.0.1:" + port).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createConsumer(session.createQueue("caravan.incoming")).close();
        }
    }


    /** Sends one message to the edge's mx listener: its subject, once the edge answered 250. */
    private static String send(PackagedGateway edge, String subject, String body) throws Exception {
        String reply = edge.send("127.0.0.1", "alice@example.org", List.of("bob@example.net"),
                Mail.text("alice@example.org", "bob@example.net", subject) + body);
        assertTrue(reply.startsWith("250"), reply);
        return subject;
    }

    /** Each subject the sink received, with the number of times. */
    private static Map<String, Long> counts(Sink sink) {
        return sink.messages().stream().map(m -> subject(m.data()))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> once(List<String> subjects) {
        return subjects.stream().collect(Collectors.toMap(Function.identity(), s -> 1L, Long::sum, TreeMap::new));
    }

    private static String subject(byte[] data) {
        Matcher m = SUBJECT.matcher(new String(data, StandardCharsets.US_ASCII));
        return m.find() ? m.group(1) : "(no subject)";
    }
}
