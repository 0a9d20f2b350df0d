package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.KafkaBroker;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes of one region, each with a broker of its own, sharing state through a real Kafka broker: their
 * suppression list is kept on the region's compacted Kafka topic. A suppression made on one node is refused at
 * RCPT on another, a lift on that one holds on the first, a node started later and a node restarted know what is
 * still suppressed and nothing that was lifted. One Kafka broker serves every case here.
 */
class KafkaRegionSharesSuppressionsTest {

    @TempDir
    static Path shared;
    private static KafkaBroker kafka;

    @TempDir
    Path dir;

    private static final String[] SUPPRESS = {String.class.getName(), String.class.getName(),
        String.class.getName(), String.class.getName()};
    private static final String[] UNSUPPRESS = {String.class.getName(), String.class.getName()};
    private static final String SENDER = "news@shop.example";
    private static final String REFUSED = "550 5.7.1";
    private static final String ACCEPTED = "250 2.1.5";

    @BeforeAll
    static void kafka() throws InterruptedException {
        kafka = KafkaBroker.start(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void nodesWithBrokersOfTheirOwnShareTheListThroughKafka() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = new ObjectName(Suppressions.NAME); // the node started last holds it
        TestNode a = node("a");
        try (Gateway nodeA = a.start()) {
            suppress(jmx, bean, "bob@remote.test", "from a");
            suppress(jmx, bean, "carol@remote.test", "from a");
            try (Gateway nodeB = node("b").start()) {
                awaitReply(nodeB, "bob@remote.test", REFUSED);
                awaitReply(nodeB, "carol@remote.test", REFUSED);
                assertEquals(ACCEPTED, SuppressionNodeTest.rcpt(nodeB, "news@other.example", "bob@remote.test"),
                        "only for the scope suppressed");

                jmx.invoke(bean, "unsuppress", new Object[] {"domain:shop.example", "bob@remote.test"}, UNSUPPRESS);
                assertEquals(ACCEPTED, SuppressionNodeTest.rcpt(nodeB, SENDER, "bob@remote.test"));
                awaitReply(nodeA, "bob@remote.test", ACCEPTED);
                assertEquals(REFUSED, SuppressionNodeTest.rcpt(nodeA, SENDER, "carol@remote.test"));
                // written last: once a node knows it, it has read everything written before
                suppress(jmx, bean, "zed@remote.test", "from b");
                awaitReply(nodeA, "zed@remote.test", REFUSED);

                try (Gateway nodeC = node("c").start()) {
                    awaitReply(nodeC, "zed@remote.test", REFUSED);
                    assertEquals(REFUSED, SuppressionNodeTest.rcpt(nodeC, SENDER, "carol@remote.test"));
                    assertEquals(ACCEPTED, SuppressionNodeTest.rcpt(nodeC, SENDER, "bob@remote.test"), "lifted");
                    assertEquals(2, jmx.getAttribute(bean, "Count"));
                }
            }
        }
        try (Gateway again = a.start()) {
            awaitReply(again, "zed@remote.test", REFUSED);
            assertEquals(REFUSED, SuppressionNodeTest.rcpt(again, SENDER, "carol@remote.test"), "across a restart");
            assertEquals(ACCEPTED, SuppressionNodeTest.rcpt(again, SENDER, "bob@remote.test"), "still lifted");
            String[] entries = (String[]) jmx.getAttribute(bean, "Entries");
            assertEquals(2, entries.length);
            assertTrue(List.of(entries).stream().anyMatch(e -> e.startsWith("domain:shop.example\tcarol@remote.test"
                    + "\tmanual\t") && e.endsWith("\tfrom a")), String.join("\n", entries));
        }
        assertEquals("compact", cleanupPolicy(BrokerSuppressionStore.queueName("local")),
                "the topic keeps the newest record of each recipient");
    }

    @Test
    void aReaderSkipsLapsedEntriesAndAppliesRemovals() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Suppression kept = new Suppression("*", "kept@remote.test", Suppression.Reason.BOUNCE, "5.1.1 no such user",
                now, now.plus(Duration.ofDays(30)));
        Suppression lapsed = new Suppression("*", "lapsed@remote.test", Suppression.Reason.COMPLAINT, "abuse",
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        Suppression lifted = new Suppression("tenant:alice", "lifted@remote.test", Suppression.Reason.MANUAL, "note",
                now, null);
        Suppression last = new Suppression("*", "last@remote.test", Suppression.Reason.MANUAL, "", now, null);
        try (KafkaSuppressionStore writer = new KafkaSuppressionStore(kafka.bootstrap(), "store", Clock.systemUTC())) {
            writer.declare();
            writer.put(kept);
            writer.put(lapsed);
            writer.put(lifted);
            writer.delete("tenant:alice", "lifted@remote.test");
            writer.put(last);
        }
        Map<String, Suppression> read = new ConcurrentHashMap<>();
        try (KafkaSuppressionStore reader = new KafkaSuppressionStore(kafka.bootstrap(), "store", Clock.systemUTC())) {
            reader.follow(s -> read.put(s.key(), s), read::remove);
            awaitTrue(() -> read.containsKey(last.key()), "the reader reaches the last record");
            assertEquals(Set.of(kept.key(), last.key()), read.keySet());
            assertEquals(kept, read.get(kept.key()), "reason, detail, since and until as written");
        }
    }

    private static void suppress(MBeanServer jmx, ObjectName bean, String rcpt, String note) throws Exception {
        jmx.invoke(bean, "suppress", new Object[] {"domain:shop.example", rcpt, "", note}, SUPPRESS);
    }

    private static void awaitReply(Gateway node, String rcpt, String reply) throws Exception {
        String got = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(got = SuppressionNodeTest.rcpt(node, SENDER, rcpt)).equals(reply) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(reply, got, rcpt);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value();
        }
    }

    private TestNode node(String name) throws Exception {
        TestNode t = new TestNode(dir.resolve(name)).set("caravan.node.name", name)
                .set("caravan.kafka.bootstrap", kafka.bootstrap()).set("caravan.egress.enabled", false)
                .set("camel.main.jmxEnabled", false)
                .set("caravan.smtp.guard.connection-rate-per-client", 0) // the waits below connect every 100 ms
                .edit("broker.xml", "<jmx-management-enabled>true", "<jmx-management-enabled>false");
        Files.writeString(t.config().resolve("trusted-networks"), "127.0.0.1/32\n");
        return t;
    }
}
