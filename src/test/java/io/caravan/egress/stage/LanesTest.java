package io.caravan.egress.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.testing.Jms;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery lanes on a running node: mail for a destination at its message rate waits in its lane,
 * is read once and sent once, leaves in acceptance order, and does not hold back mail for another
 * destination; a restart while it waits loses and duplicates nothing.
 */
class LanesTest {

    @TempDir
    Path dir;

    private TestNode node(LoopbackDnsServer dns, TestMx slow, TestMx open) {
        return new TestNode(dir).transport().routeByName(dns, "slow.example", slow.port())
                .routeByName(dns, "open.example", open.port())
                // one delivery at a time: what leaves the lane first arrives first (two at once may swap on the wire)
                .edit("shaping.yaml", "domains: {}",
                        "domains:\n  slow.example: {message_rate: 2/s, max_connections: 1}")
                .acceptedDomains("slow.example", "open.example");
    }

    /** Through the node's own MX listener, one message per transaction: the order of acceptance is this one. */
    private static void submit(Gateway gateway, String id, String recipient) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect(gateway.smtpPort("mx"))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<" + Scenario.SENDER + ">", 250);
            smtp.cmd("RCPT TO:<" + recipient + ">", 250);
            smtp.cmd("DATA", 354);
            smtp.raw("Subject: " + id + "\r\n\r\nhi\r\n.\r\n");
            smtp.expect(250);
            smtp.cmd("QUIT", 221);
        }
    }

    @Test
    void aThrottledDestinationWaitsInItsLaneWithoutHoldingBackAnOpenOne() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx slow = TestMx.accepting();
             TestMx open = TestMx.accepting()) {
            try (Gateway gateway = node(dns, slow, open).start()) {
                // each destination's first message goes through the routing stage, which asks DNS; the later
                // ones are routed at acceptance from the cache, in the order accepted (EGRESS-DELIVERY.md)
                submit(gateway, "WARM", "warm@slow.example");
                submit(gateway, "WARM", "warm@open.example");
                Scenario.await(() -> slow.messages.size() + open.messages.size(), n -> n == 2, Duration.ofSeconds(30));
                slow.messages.clear();
                open.messages.clear();
                for (int i = 0; i < 20; i++) {
                    submit(gateway, id("SLOW", i), "r" + i + "@slow.example");
                }
                // while it waits, each source of its pool shows the lane's ready mail and its own next release
                Map<String, Object> waiting = Scenario.await(LanesTest::slowSource, row -> row != null,
                        Duration.ofSeconds(10));
                assertTrue(waiting.get("waitsFor").toString().contains("at its message rate to slow.example")
                        && !waiting.get("nextRelease").toString().isEmpty(), "as JMX shows it: " + waiting);
                for (int i = 0; i < 10; i++) {
                    submit(gateway, id("OPEN", i), "r" + i + "@open.example");
                }
                assertEquals(10, Scenario.await(() -> open.messages.size(), n -> n == 10, Duration.ofSeconds(30)));
                int slowWhenOpenDone = slow.messages.size();
                assertEquals(20, Scenario.await(() -> slow.messages.size(), n -> n == 20, Duration.ofSeconds(60)));
                assertTrue(slowWhenOpenDone < 20, "the open destination's mail waited for none of the throttled "
                        + "one's: " + slowWhenOpenDone + " of 20 had gone when the last open one arrived");
                assertEquals(ids("SLOW", 20), subjects(slow), "released in acceptance order");
                Map<String, Long> added = messagesAdded();
                String slowLane = added.keySet().stream().filter(q -> q.contains("slow"))
                        .findFirst().orElseThrow(() -> new AssertionError("no lane for slow.example: " + added));
                assertEquals(21L, added.get(slowLane), "each waiting message (and the first one) stored once, never sent again: "
                        + added);
            }
        }
    }

    @Test
    void aRestartWhileMailWaitsLosesAndDuplicatesNothing() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); TestMx slow = TestMx.accepting();
             TestMx open = TestMx.accepting()) {
            TestNode node = node(dns, slow, open);
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < 12; i++) {
                    Scenario.accept(jms, id("WAIT", i), Scenario.message(id("WAIT", i)), "r" + i + "@slow.example");
                }
                Scenario.await(() -> slow.messages.size(), n -> n >= 3, Duration.ofSeconds(30));
            }
            try (Gateway gateway = node.start()) {
                assertEquals(12, Scenario.await(() -> slow.messages.size(), n -> n >= 12, Duration.ofSeconds(60)));
                Thread.sleep(1500); // a duplicate would come within the rate interval
                List<String> got = subjects(slow);
                assertEquals(12, got.size(), "no duplicate: " + got);
                assertEquals(Set.copyOf(ids("WAIT", 12)), Set.copyOf(got), "none lost");
            }
        }
    }

    private static String id(String prefix, int i) {
        return prefix + String.format("%02d", i);
    }

    private static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(id(prefix, i));
        }
        return out;
    }

    /** The Subject of each message the receiver took, in arrival order (Scenario.message puts the id there). */
    private static List<String> subjects(TestMx mx) {
        return mx.messages.stream().sorted(java.util.Comparator.comparingLong(TestMx.Received::atMillis))
                .map(r -> new String(r.data(), java.nio.charset.StandardCharsets.UTF_8))
                .map(text -> text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: "))))
                .toList();
    }

    /** A row of the Lanes bean's Sources for a source held by its rate with slow.example's mail ready, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> slowSource() throws Exception {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.caravan:type=Lanes"), "Sources");
        return rows.stream().filter(r -> ((Number) r.get("ready")).longValue() > 0
                && r.get("waitsFor").toString().contains("message rate")).findFirst().orElse(null);
    }

    /** Messages the broker ever stored on each lane (Artemis' own count, from its JMX beans). */
    private static Map<String, Long> messagesAdded() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> out = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.activemq.artemis:component=addresses,"
                + "subcomponent=queues,*"), null)) {
            String queue = ObjectName.unquote(name.getKeyProperty("queue"));
            if (queue.startsWith("caravan.lane.")) {
                out.put(queue, (Long) server.getAttribute(name, "MessagesAdded"));
            }
        }
        return out;
    }
}
