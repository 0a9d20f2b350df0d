package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import io.caravan.testing.Jms;
import io.caravan.testing.StampedRef;
import io.caravan.testing.TestNode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail submitted over SMTP by a real client lands on the delivery queue,
 * split by next hop, with its class, pool and provider decided; an error:
 * transport bounces its recipient, which comes back to the sender as a DSN;
 * the class override header does not leave.
 */
class SmtpToDeliveryQueueTest {

    @TempDir
    Path dir;

    @Test
    void acceptedMailIsRoutedPerNextHop() throws Exception {
        TestNode node = new TestNode(dir).set("caravan.egress.enabled", false)
                .acceptedDomains("example.net", "other.example", "gone.example")
                .transport("example.net smtp:[127.0.0.1]:2599",
                        "other.example smtp:[127.0.0.1]:2598",
                        "gone.example error:5.1.1 this domain is gone",
                        "example.org smtp:[127.0.0.1]:2597");
        // the sending application is on a trusted network: only then may it name the class
        Files.writeString(node.config().resolve("trusted-networks"), "127.0.0.1/32\n");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            int port = gateway.smtpPort("mx");
            send(port, "Hello", null, "a@example.net", "b@example.net", "c@other.example", "d@gone.example");
            send(port, "Offer", "bulk", "e@example.net");

            // three deliveries, and the bounce of d@gone.example as a DSN to the sender (null sender)
            List<Jms.Queued> all = awaitLanes(jms, 4);
            Jms.Queued dsn = all.stream().filter(q -> recipients(q).equals(List.of("sender@example.org")))
                    .findFirst().orElseThrow();
            assertTrue(EnvelopeJson.read(dsn.property(Headers.ENVELOPE)).nullSender(), "a DSN has the null sender");
            String report = new String(dsn.body(), StandardCharsets.UTF_8);
            assertTrue(report.contains("multipart/report") && report.contains("d@gone.example")
                    && report.contains("this domain is gone"), report);
            List<Jms.Queued> deliveries = new java.util.ArrayList<>(all);
            deliveries.remove(dsn);
            deliveries.sort(Comparator.comparing(q -> q.property(Headers.ROUTE)));
            DeliveryRoute first = route(deliveries.get(0));
            DeliveryRoute second = route(deliveries.get(1));
            DeliveryRoute third = route(deliveries.get(2));
            assertEquals("smtp:[127.0.0.1]:2598", first.nexthop());
            assertEquals(List.of("c@other.example"), recipients(deliveries.get(0)));
            assertEquals("transactional", first.trafficClass());
            assertEquals("transactional", first.pool());
            assertEquals(List.of("shared"), first.fallbackPools());
            assertEquals("127.0.0.1", first.hosts().get(0).addresses().get(0));

            assertEquals("smtp:[127.0.0.1]:2599", second.nexthop());
            assertEquals(2599, second.port());
            Jms.Queued hello = deliveries.get(1).property(Headers.ROUTE).contains("\"bulk\"")
                    ? deliveries.get(2) : deliveries.get(1);
            Jms.Queued offer = hello == deliveries.get(1) ? deliveries.get(2) : deliveries.get(1);
            assertEquals(List.of("a@example.net", "b@example.net"), recipients(hello));
            assertEquals("bulk", route(offer).trafficClass());
            assertEquals("bulk", route(offer).pool());
            assertEquals("bulk", offer.property(Headers.POOL));
            String offerText = new String(StampedRef.strip(offer.body()), StandardCharsets.UTF_8);
            assertFalse(offerText.contains("X-Caravan-Class"), "the class override header is removed");
            assertTrue(offerText.startsWith("Received: from "), "our Received header comes first, after the reference");
            assertTrue(third.nexthop().startsWith("smtp:[127.0.0.1]"));

        }
    }

    static void send(int port, String subject, String trafficClass, String... to) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@example.org"));
        for (String r : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
        }
        message.setSubject(subject);
        message.setText("body of " + subject);
        if (trafficClass != null) {
            message.setHeader("X-Caravan-Class", trafficClass);
        }
        Transport.send(message);
    }

    /** What the delivery lanes hold once they hold {@code count} messages (routed, waiting for egress). */
    static List<Jms.Queued> awaitLanes(Jms jms, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Jms.Queued> found = jms.browseLanes();
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = jms.browseLanes();
        }
        assertEquals(count, found.size(), "messages on the lanes " + jms.lanes());
        return new java.util.ArrayList<>(found);
    }

    private static DeliveryRoute route(Jms.Queued q) {
        return Json.read(q.property(Headers.ROUTE), DeliveryRoute.class);
    }

    private static List<String> recipients(Jms.Queued q) {
        return EnvelopeJson.read(q.property(Headers.ENVELOPE)).recipients().stream().map(Recipient::address).toList();
    }
}
