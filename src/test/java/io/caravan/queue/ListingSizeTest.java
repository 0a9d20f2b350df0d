package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.caravan.app.Gateway;
import io.caravan.message.EnvelopeJson;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker's own listing says of a message's size: a large message (over the broker's large-message
 * size) carries it, a small one does not. The queue tool's SIZE column shows what there is.
 */
class ListingSizeTest {

    @TempDir
    Path dir;

    @Test
    void aLargeMessageIsListedWithItsSizeASmallOneWithout() throws Exception {
        try (Gateway node = new TestNode(dir).set("caravan.node.name", "size-1").start();
             Jms jms = new Jms(node.connectionFactory())) {
            byte[] large = new byte[300 * 1024];
            java.util.Arrays.fill(large, (byte) 'x');
            jms.send("caravan.delivery.hold", "01LARGE", large,
                    EnvelopeJson.write(Jms.envelope("01LARGE", "a@example.net")));
            jms.send("caravan.delivery.hold", "01SMALL", "small".getBytes(),
                    EnvelopeJson.write(Jms.envelope("01SMALL", "a@example.net")));
            // once in a full suite run the listing lacked the small message: poll until both are listed,
            // and on failure show what the broker listed
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            String listing = listing();
            while (!(listing.contains("01LARGE") && listing.contains("01SMALL")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                listing = listing();
            }
            List<QueuedMessage> messages = QueuedMessage.fromListing("caravan.delivery.hold", listing);
            String shown = listing;
            QueuedMessage big = messages.stream().filter(m -> m.queueId().equals("01LARGE")).findFirst()
                    .orElseThrow(() -> new AssertionError("01LARGE not listed: " + shown));
            QueuedMessage small = messages.stream().filter(m -> m.queueId().equals("01SMALL")).findFirst()
                    .orElseThrow(() -> new AssertionError("01SMALL not listed: " + shown));
            assertEquals(Long.valueOf(large.length), big.size(), listing);
            assertNull(small.size(), listing);
        }
    }

    private static String listing() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        return (String) jmx.invoke(new ObjectName(QueueOperations.mbean("caravan.delivery.hold")),
                "listMessagesAsJSON", new Object[] {""}, new String[] {String.class.getName()});
    }

    @Test
    void aMessageAStageHandedOnCarriesItsSize() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false)
                .transport("example.net smtp:[127.0.0.1]:2599").acceptedDomains("example.net");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            try (io.caravan.testing.SmtpTestClient smtp = io.caravan.testing.SmtpTestClient.connect(gateway.smtpPort("mx"))) {
                smtp.expect(220);
                smtp.cmd("EHLO client.test", 250);
                smtp.cmd("MAIL FROM:<a@example.org>", 250);
                smtp.cmd("RCPT TO:<b@example.net>", 250);
                smtp.cmd("DATA", 354);
                smtp.raw("Subject: sized\r\n\r\nhello\r\n.\r\n");
                smtp.expect(250);
            }
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            List<Jms.Queued> routed = jms.browseLanes();
            while (routed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                routed = jms.browseLanes();
            }
            Jms.Queued queued = routed.get(0);
            assertEquals(String.valueOf(queued.body().length), queued.property(io.caravan.message.Headers.SIZE));
        }
    }
}
