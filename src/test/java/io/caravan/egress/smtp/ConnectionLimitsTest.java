package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.envelope;
import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A destination's connection limits at a real receiver on loopback: messages per session (the
 * smaller of the node's and the destination's), and the new-connection gate, asked only when no
 * pooled session serves and at most once per delivery.
 */
class ConnectionLimitsTest {

    private static final SmtpSource SOURCE = source("127.0.0.1", "out1.caravan.test");
    private SmtpClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** A gate that allows the first {@code allowed} connections, then asks for {@code wait}; counts the asks. */
    private static final class CountingGate implements ConnectionLimits.Gate {
        final AtomicInteger asked = new AtomicInteger();
        private final int allowed;
        private final Duration wait;

        CountingGate(int allowed, Duration wait) {
            this.allowed = allowed;
            this.wait = wait;
        }

        @Override
        public Duration tryOpen() {
            return asked.incrementAndGet() <= allowed ? Duration.ZERO : wait;
        }
    }

    private DeliveryResult deliver(List<MxTarget> hosts, int i, ConnectionLimits limits) throws Exception {
        return client.deliver(SOURCE, hosts, TlsPolicy.NONE, envelope("a@example.test", "b" + i + "@dest.test"),
                Fixtures.ascii("Subject: " + i + "\r\n\r\nbody\r\n"), limits).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** node-wide max, destination max -> messages per session. */
    @ParameterizedTest
    @CsvSource({"100, 3, 3", "2, 5, 2", "100, 100, 100", "1, 1, 1", "7, 2147483647, 7"})
    void aSessionCarriesTheSmallerOfTheTwoLimits(int node, int destination, int expected) {
        assertEquals(expected, new ConnectionLimits(destination, () -> Duration.ZERO)
                .messagesPerSession(ClientSettings.defaults().withMaxDeliveriesPerConnection(node)));
    }

    @Test
    void theDestinationLimitClosesSessionsBeforeTheNodeLimit() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        CountingGate gate = new CountingGate(Integer.MAX_VALUE, Duration.ZERO);
        try (Receiver receiver = Receiver.start()) {
            for (int i = 0; i < 7; i++) {
                assertTrue(deliver(List.of(receiver.target("mx.dest.test")), i, new ConnectionLimits(3, gate))
                        .outcomes().get(0).delivered());
            }
            assertEquals(7, receiver.messages.size());
            assertEquals(3, receiver.sessions(), "3 + 3 + 1 messages");
            assertEquals(3, gate.asked.get(), "the gate was asked for each new session, not for reused ones");
        }
    }

    @Test
    void aPooledSessionPastAStricterDestinationsLimitIsNotReused() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (Receiver receiver = Receiver.start()) {
            MxTarget mx = receiver.target("mx.shared.test");
            deliver(List.of(mx), 0, ConnectionLimits.NONE);
            deliver(List.of(mx), 1, ConnectionLimits.NONE);
            deliver(List.of(mx), 2, new ConnectionLimits(2, () -> Duration.ZERO));
            deliver(List.of(mx), 3, ConnectionLimits.NONE);
            List<String> ids = receiver.messages.stream().map(Receiver.Received::sessionId).toList();
            assertEquals(ids.get(0), ids.get(1));
            assertTrue(!ids.get(2).equals(ids.get(0)), "the third message needed a new session: " + ids);
            assertEquals(ids.get(2), ids.get(3), "the new session is pooled for the next message");
        }
    }

    @Test
    void aHeldGateEndsTheDeliveryBeforeAnyConnection() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        try (ScriptedServer server = new ScriptedServer(peer -> peer.send("220 scripted.test"))) {
            CountingGate gate = new CountingGate(0, Duration.ofSeconds(7));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> deliver(List.of(server.target("mx1.dest.test"), server.target("mx2.dest.test")), 0,
                            new ConnectionLimits(100, gate)));
            NewConnectionHeld held = assertInstanceOf(NewConnectionHeld.class, e.getCause());
            assertEquals(Duration.ofSeconds(7), held.retryAfter());
            assertEquals(1, gate.asked.get(), "a held delivery does not try the next MX host");
            Thread.sleep(200);
            assertEquals(0, server.connections.get());
        }
    }

    @Test
    void aPooledSessionIsUsedEvenWhileTheGateIsShut() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        CountingGate gate = new CountingGate(1, Duration.ofMinutes(1));
        try (Receiver receiver = Receiver.start()) {
            for (int i = 0; i < 4; i++) {
                assertTrue(deliver(List.of(receiver.target("mx.dest.test")), i, new ConnectionLimits(100, gate))
                        .outcomes().get(0).delivered());
            }
            assertEquals(1, gate.asked.get());
            assertEquals(1, receiver.sessions());
            assertEquals(4, receiver.messages.size());
        }
    }

    @Test
    void failoverToTheNextHostRidesOnTheSamePermit() throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
        MxTarget dead = new MxTarget("mx0.dest.test", InetAddress.getByName("127.0.0.1"), Receiver.freePort());
        CountingGate gate = new CountingGate(1, Duration.ofMinutes(1));
        try (Receiver receiver = Receiver.start()) {
            DeliveryResult result = deliver(List.of(dead, receiver.target("mx1.dest.test")), 0,
                    new ConnectionLimits(100, gate));
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals(1, gate.asked.get());
            assertEquals(1, receiver.messages.size());
        }
    }
}
