package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.envelope;
import static io.caravan.egress.smtp.Fixtures.sha256;
import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery to a real SubEthaSMTP receiver on loopback: bytes, source address, reuse, outcomes. */
class DeliveryTest {

    private SmtpClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private DeliveryResult deliver(Receiver receiver, SmtpSource source, io.caravan.message.Envelope env,
                                   byte[] message) throws Exception {
        return client.deliver(source, List.of(receiver.target("mx.dest.test")), TlsPolicy.NONE, env, message)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theReceiverGetsTheStoredBytesExactly() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        byte[] message = Fixtures.trickyMessage();
        try (Receiver receiver = Receiver.start()) {
            DeliveryResult result = deliver(receiver, source("127.0.0.1", "out1.caravan.test"),
                    envelope("sender@example.test", "rcpt@dest.test"), message);

            assertEquals(250, result.outcomes().get(0).reply().code());
            assertEquals(1, receiver.messages.size());
            assertEquals(sha256(message), sha256(receiver.messages.get(0).data()));
            assertEquals("sender@example.test", receiver.messages.get(0).from());
            assertEquals("out1.caravan.test", receiver.messages.get(0).helo());
        }
    }

    @Test
    void theConnectionLeavesFromTheChosenSourceAddress() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.start()) {
            deliver(receiver, source("127.0.0.2", "out2.caravan.test"), envelope("a@example.test", "b@dest.test"),
                    Fixtures.ascii("Subject: 2\r\n\r\nhi\r\n"));
            deliver(receiver, source("127.0.0.3", "out3.caravan.test"), envelope("a@example.test", "b@dest.test"),
                    Fixtures.ascii("Subject: 3\r\n\r\nhi\r\n"));

            assertEquals("127.0.0.2", receiver.messages.get(0).clientAddress());
            assertEquals("out2.caravan.test", receiver.messages.get(0).helo());
            assertEquals("127.0.0.3", receiver.messages.get(1).clientAddress());
            assertEquals("out3.caravan.test", receiver.messages.get(1).helo());
        }
    }

    @Test
    void sessionsAreReusedUpToTheLimitPerConnection() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults().withMaxDeliveriesPerConnection(2),
                TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.start()) {
            SmtpSource source = source("127.0.0.1", "out1.caravan.test");
            for (int i = 0; i < 5; i++) {
                DeliveryResult r = deliver(receiver, source, envelope("a@example.test", "b" + i + "@dest.test"),
                        Fixtures.ascii("Subject: " + i + "\r\n\r\nbody\r\n"));
                assertTrue(r.outcomes().get(0).delivered(), r.toString());
            }
            assertEquals(5, receiver.messages.size());
            assertEquals(3, receiver.sessions(), "2 + 2 + 1 messages over three connections");
        }
    }

    @Test
    void aDifferentSourceDoesNotShareASession() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.start()) {
            deliver(receiver, source("127.0.0.2", "out2.caravan.test"), envelope("a@example.test", "b@dest.test"),
                    Fixtures.ascii("Subject: 1\r\n\r\nx\r\n"));
            deliver(receiver, source("127.0.0.3", "out3.caravan.test"), envelope("a@example.test", "b@dest.test"),
                    Fixtures.ascii("Subject: 2\r\n\r\nx\r\n"));
            deliver(receiver, source("127.0.0.2", "out2.caravan.test"), envelope("a@example.test", "b@dest.test"),
                    Fixtures.ascii("Subject: 3\r\n\r\nx\r\n"));
            assertEquals(2, receiver.sessions());
            assertEquals(receiver.messages.get(0).sessionId(), receiver.messages.get(2).sessionId());
        }
    }

    @Test
    void eachRecipientGetsItsOwnOutcome() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.rejecting(Set.of("gone@dest.test"))) {
            DeliveryResult result = deliver(receiver, source("127.0.0.1", "out1.caravan.test"),
                    envelope("a@example.test", "ok@dest.test", "gone@dest.test", "ok2@dest.test"),
                    Fixtures.ascii("Subject: x\r\n\r\nx\r\n"));

            assertEquals(List.of(250, 550, 250), result.outcomes().stream().map(o -> o.reply().code()).toList());
            RecipientOutcome gone = result.outcomes().get(1);
            assertEquals("5.1.1", gone.reply().enhanced());
            assertEquals(Phase.RCPT, gone.phase());
            assertTrue(gone.remote());
            assertEquals(List.of("ok@dest.test", "ok2@dest.test"), receiver.messages.get(0).recipients());
            assertFalse(result.tls().used());
        }
    }

    @Test
    void whenEveryRecipientIsRefusedNoDataIsSent() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.rejecting(Set.of("gone@dest.test"))) {
            DeliveryResult result = deliver(receiver, source("127.0.0.1", "out1.caravan.test"),
                    envelope("a@example.test", "gone@dest.test"), Fixtures.ascii("Subject: x\r\n\r\nx\r\n"));
            assertEquals(550, result.outcomes().get(0).reply().code());
            assertTrue(receiver.messages.isEmpty());
            // the session stays usable for the next message
            DeliveryResult next = deliver(receiver, source("127.0.0.1", "out1.caravan.test"),
                    envelope("a@example.test", "ok@dest.test"), Fixtures.ascii("Subject: y\r\n\r\ny\r\n"));
            assertEquals(250, next.outcomes().get(0).reply().code());
            assertEquals(1, receiver.sessions(), "the refused transaction did not cost the session");
        }
    }
}
