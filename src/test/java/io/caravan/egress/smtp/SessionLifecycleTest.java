package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.envelope;
import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import io.caravan.message.Envelope;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions over time: MX failover, timeouts, cleartext retry for may, idle closing. */
class SessionLifecycleTest {

    private SmtpClient client;

    @BeforeEach
    void open() {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), null);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private DeliveryResult deliver(List<MxTarget> hosts, Envelope env, byte[] message) throws Exception {
        return client.deliver(source("127.0.0.2", "out.caravan.test"), hosts, TlsPolicy.NONE, env, message)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final byte[] MESSAGE = Fixtures.ascii("Subject: t\r\n\r\n.dot\r\n");

    @Test
    void failoverSkipsARefusedConnectionAndA421Greeting() throws Exception {
        MxTarget closed = new MxTarget("mx0.dest.test", InetAddress.getByName("127.0.0.1"), Receiver.freePort());
        try (ScriptedServer busy = new ScriptedServer(peer -> {
            peer.send("421-4.7.0 [TSS04] Messages from 127.0.0.2 temporarily deferred due to unexpected",
                    "421 4.7.0 volume or user complaints - 4.16.55.1");
        }); Receiver good = Receiver.start()) {
            DeliveryResult result = deliver(List.of(closed, busy.target("mx1.dest.test"), good.target("mx2.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);

            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals("mx2.dest.test", result.target().hostname());
            assertEquals(2, result.attempts().size(), result.attempts().toString());
            assertTrue(result.attempts().get(1).contains("GREETING 421"), result.attempts().toString());
            assertEquals(1, good.messages.size());
        }
    }

    @Test
    void aHostThatHangsUpBeforeItsGreetingIsSkipped() throws Exception {
        try (ScriptedServer hangsUp = new ScriptedServer(peer -> { }); Receiver good = Receiver.start()) {
            DeliveryResult result = deliver(List.of(hangsUp.target("mx1.dest.test"), good.target("mx2.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);

            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertTrue(result.attempts().get(0).contains("GREETING"), result.attempts().toString());
            assertEquals(1, good.messages.size());
        }
    }

    @Test
    void whenEveryHostFailsTheLastReasonIsKept() throws Exception {
        try (ScriptedServer busy = new ScriptedServer(peer -> peer.send(
                "421-4.7.0 [TSS04] Messages from 127.0.0.2 temporarily deferred due to unexpected",
                "421 4.7.0 volume or user complaints - 4.16.55.1"))) {
            DeliveryResult result = deliver(List.of(busy.target("mx1.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);
            RecipientOutcome o = result.outcomes().get(0);
            assertEquals(421, o.reply().code());
            assertEquals(Phase.GREETING, o.phase());
            assertTrue(o.remote());
            assertEquals(2, o.reply().lines().size());
            assertEquals("127.0.0.2", busy.clientAddresses.get(0));
        }
    }

    @Test
    void aSilentServerTimesOutAsATemporaryFailure() throws Exception {
        client.close();
        client = SmtpClient.create(ClientSettings.defaults().withAllTimeouts(Duration.ofMillis(300)),
                TlsSettings.defaults(), null);
        try (ScriptedServer silent = new ScriptedServer(peer -> {
            peer.readLine(); // never greets; returns when the client gives up
        })) {
            DeliveryResult result = deliver(List.of(silent.target("mx1.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);
            RecipientOutcome o = result.outcomes().get(0);
            assertEquals(451, o.reply().code());
            assertEquals("4.4.2", o.reply().enhanced());
            assertEquals(Phase.GREETING, o.phase());
            assertFalse(o.remote());
        }
    }

    @Test
    void aTimeoutAfterDataDefersTheOpenRecipientsOnly() throws Exception {
        client.close();
        client = SmtpClient.create(ClientSettings.defaults().withAllTimeouts(Duration.ofMillis(500)),
                TlsSettings.defaults(), null);
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            for (int i = 0; i < 4; i++) {
                peer.readLine();
            }
            peer.send("250 ok", "550 5.1.1 unknown", "250 ok", "354 go");
            peer.readData();
            peer.readLine(); // silent at end of data
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx1.dest.test")),
                    envelope("a@example.test", "gone@dest.test", "x@dest.test"), MESSAGE);
            assertEquals(550, result.outcomes().get(0).reply().code());
            assertEquals(451, result.outcomes().get(1).reply().code());
            assertEquals(Phase.END_OF_DATA, result.outcomes().get(1).phase());
        }
    }

    @Test
    void mayRetriesInCleartextAfterAFailedHandshake() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connection = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("STARTTLS");
            if (connection.incrementAndGet() == 1) {
                assertEquals("STARTTLS", peer.readLine());
                peer.send("220 2.0.0 Ready to start TLS", "this is not a TLS server hello");
                peer.close();
                return;
            }
            peer.acceptOneMessage();
        })) {
            DeliveryResult result = client.deliver(source("127.0.0.1", "out.caravan.test"),
                    List.of(server.target("mx.dest.test")), TlsPolicy.MAY,
                    envelope("a@example.test", "x@dest.test"), MESSAGE).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertFalse(result.tls().used());
            assertEquals(2, server.connections.get());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void anIdleSessionIsClosedAfterTheIdleTimeout() throws Exception {
        client.close();
        client = SmtpClient.create(ClientSettings.defaults().withIdleTimeout(Duration.ofMillis(200)),
                TlsSettings.defaults(), null);
        java.util.concurrent.CountDownLatch quit = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo();
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("354 go");
            peer.readData();
            peer.send("250 ok");
            assertEquals("QUIT", peer.readLine());
            peer.send("221 bye");
            quit.countDown();
        })) {
            deliver(List.of(server.target("mx.dest.test")), envelope("a@example.test", "x@dest.test"), MESSAGE);
            assertTrue(quit.await(10, TimeUnit.SECONDS), "the idle session was closed with QUIT");
            assertEquals(0, client.idleSessions());
            assertEquals(List.of(), server.failures);
        }
    }
}
