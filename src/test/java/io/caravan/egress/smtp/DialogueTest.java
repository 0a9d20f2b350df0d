package io.caravan.egress.smtp;

import static io.caravan.egress.smtp.Fixtures.envelope;
import static io.caravan.egress.smtp.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TlsPolicy;
import io.caravan.egress.tls.TlsSettings;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripted receivers: what the client writes, in which order, and what it makes of each reply. */
class DialogueTest {

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
    void withPipeliningTheWholeEnvelopeComesBeforeAnyReply() throws Exception {
        List<String> readBeforeFirstReply = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING", "8BITMIME");
            // no reply until MAIL, both RCPTs and DATA are in: a client waiting for 250 would stall here
            for (int i = 0; i < 4; i++) {
                readBeforeFirstReply.add(peer.readLine());
            }
            peer.send("250 2.1.0 Ok", "250 2.1.5 Ok", "550-5.1.1 The email account that you tried to reach does",
                    "550-5.1.1 not exist. Please try double-checking the recipient's email",
                    "550 5.1.1 address for typos. - gsmtp", "354 End data with <CR><LF>.<CR><LF>");
            byte[] data = peer.readData();
            assertEquals(".. dot-stuffed", ".. dot-stuffed"); // keep the shape readable
            assertTrue(new String(data).contains("\r\n..dot\r\n"), "content arrives dot-stuffed");
            peer.send("250 2.0.0 Ok: queued as 12345");
            peer.readLine();
            peer.send("221 2.0.0 Bye");
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "ok@dest.test", "gone@dest.test"), MESSAGE);

            assertEquals("MAIL FROM:<a@example.test>", readBeforeFirstReply.get(0));
            assertEquals("RCPT TO:<ok@dest.test>", readBeforeFirstReply.get(1));
            assertEquals("RCPT TO:<gone@dest.test>", readBeforeFirstReply.get(2));
            assertEquals("DATA", readBeforeFirstReply.get(3));
            RecipientOutcome ok = result.outcomes().get(0);
            assertEquals(250, ok.reply().code());
            assertEquals(Phase.END_OF_DATA, ok.phase());
            assertEquals(List.of("Ok: queued as 12345"), ok.reply().lines());
            RecipientOutcome gone = result.outcomes().get(1);
            assertEquals(550, gone.reply().code());
            assertEquals("5.1.1", gone.reply().enhanced());
            assertEquals(List.of("The email account that you tried to reach does",
                    "not exist. Please try double-checking the recipient's email",
                    "address for typos. - gsmtp"), gone.reply().lines());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("SIZE 1000000");
            assertEquals("MAIL FROM:<a@example.test> SIZE=" + MESSAGE.length, peer.readLine());
            peer.send("250 2.1.0 Ok");
            assertEquals("RCPT TO:<one@dest.test>", peer.readLine());
            peer.send("450-4.2.1 The user you are trying to contact is receiving mail at a rate that",
                    "450 4.2.1 prevents additional messages from being delivered. - gsmtp");
            assertEquals("RCPT TO:<two@dest.test>", peer.readLine());
            peer.send("250 2.1.5 Ok");
            assertEquals("DATA", peer.readLine());
            peer.send("354 go ahead");
            peer.readData();
            peer.send("250 2.0.0 queued");
            peer.readLine();
            peer.send("221 bye");
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "one@dest.test", "two@dest.test"), MESSAGE);

            assertEquals(List.of(450, 250), result.outcomes().stream().map(o -> o.reply().code()).toList());
            assertEquals(2, result.outcomes().get(0).reply().lines().size());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void aRefusedMailCommandAppliesToEveryRecipientAndTheSessionIsReusedAfterRset() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            for (int i = 0; i < 4; i++) {
                peer.readLine();
            }
            peer.send("553 5.7.1 Sender address rejected", "503 5.5.1 need MAIL", "503 5.5.1 need MAIL",
                    "554 5.5.1 no valid recipients");
            assertEquals("RSET", peer.readLine());
            peer.send("250 2.0.0 Ok");
            for (int i = 0; i < 3; i++) {
                peer.readLine();
            }
            peer.send("250 ok", "250 ok", "354 go");
            peer.readData();
            peer.send("250 2.0.0 queued");
            peer.readLine();
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("bad@example.test", "x@dest.test", "y@dest.test"), MESSAGE);
            for (RecipientOutcome o : result.outcomes()) {
                assertEquals(553, o.reply().code());
                assertEquals(Phase.MAIL, o.phase());
            }
            DeliveryResult next = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);
            assertTrue(next.outcomes().get(0).delivered(), next.toString());
            assertEquals(1, server.connections.get());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void aContentRefusalAppliesToTheAcceptedRecipientsOnly() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo();
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("550 5.1.1 no such user");
            peer.readLine();
            peer.send("354 go");
            peer.readData();
            peer.send("554 5.7.1 [P4] Message blocked due to spam content");
            peer.readLine();
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "x@dest.test", "y@dest.test"), MESSAGE);
            assertEquals(554, result.outcomes().get(0).reply().code());
            assertEquals(Phase.END_OF_DATA, result.outcomes().get(0).phase());
            assertEquals(550, result.outcomes().get(1).reply().code());
        }
    }

    @Test
    void dsnParametersGoOutWhenTheServerOffersDsn() throws Exception {
        List<String> commands = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("DSN", "8BITMIME", "SMTPUTF8");
            commands.add(peer.readLine());
            peer.send("250 ok");
            commands.add(peer.readLine());
            peer.send("250 ok");
            peer.readLine();
            peer.send("354 go");
            peer.readData();
            peer.send("250 ok");
            peer.readLine();
        })) {
            Envelope env = new Envelope("Q1", "a@example.test",
                    List.of(new Recipient("x@dest.test", Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY),
                            "rfc822;X@dest.test")),
                    "HDRS", "ENV+2B1", false, null, "192.0.2.1", "c.test", Instant.now());
            deliver(List.of(server.target("mx.dest.test")), env, Fixtures.ascii("Subject: \u00e9\r\n\r\n\u00ff\r\n"));
            assertEquals("MAIL FROM:<a@example.test> BODY=8BITMIME RET=HDRS ENVID=ENV+2B1", commands.get(0));
            assertEquals("RCPT TO:<x@dest.test> NOTIFY=DELAY,FAILURE ORCPT=rfc822;X@dest.test", commands.get(1));
        }
    }

    @Test
    void ehloRefusedFallsBackToHelo() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 old.test SMTP");
            peer.readLine();
            peer.send("502 5.5.2 command not recognized");
            assertEquals("HELO out.caravan.test", peer.readLine());
            peer.send("250 old.test");
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("250 ok");
            peer.readLine();
            peer.send("354 go");
            peer.readData();
            peer.send("250 ok");
            peer.readLine();
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE);
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void anUtf8EnvelopeGoesOutAsUtf8WithSmtputf8() throws Exception {
        List<String> commands = new ArrayList<>();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("SMTPUTF8", "8BITMIME");
            commands.add(peer.readLine());
            peer.send("250 ok");
            commands.add(peer.readLine());
            peer.send("250 ok");
            peer.readLine();
            peer.send("354 go");
            peer.readData();
            peer.send("250 ok");
            peer.readLine();
        })) {
            Envelope env = new Envelope("Q1", "j\u00f6rg@example.test", List.of(Recipient.of("\u7528\u6237@dest.test")),
                    null, null, true, null, "192.0.2.1", "c.test", Instant.now());
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")), env, MESSAGE);
            assertTrue(result.outcomes().get(0).delivered(), result.toString());
            assertEquals("MAIL FROM:<j\u00f6rg@example.test> SMTPUTF8", commands.get(0));
            assertEquals("RCPT TO:<\u7528\u6237@dest.test>", commands.get(1));
        }
    }

    @Test
    void anUtf8EnvelopeIsRefusedLocallyWithoutSmtputf8AndAnOversizedMessageToo() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("SIZE 10");
            peer.readLine();
        })) {
            Envelope env = new Envelope("Q1", "j\u00f6rg@example.test", List.of(Recipient.of("x@dest.test")),
                    null, null, true, null, "192.0.2.1", "c.test", Instant.now());
            RecipientOutcome utf8 = deliver(List.of(server.target("mx.dest.test")), env, MESSAGE).outcomes().get(0);
            assertEquals("5.6.7", utf8.reply().enhanced());
            assertFalse(utf8.remote());
            RecipientOutcome big = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "x@dest.test"), MESSAGE).outcomes().get(0);
            assertEquals(552, big.reply().code());
            assertEquals("5.3.4", big.reply().enhanced());
        }
    }

    @Test
    void a421MidSessionAppliesToEveryOpenRecipient() throws Exception {
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            for (int i = 0; i < 5; i++) {
                peer.readLine();
            }
            peer.send("250 2.1.0 Ok", "550 5.1.1 unknown user",
                    "421-4.7.28 [127.0.0.2] Our system has detected an unusual rate of",
                    "421 4.7.28 unsolicited mail originating from your IP address. - gsmtp");
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "gone@dest.test", "x@dest.test", "y@dest.test"), MESSAGE);
            assertEquals(List.of(550, 421, 421), result.outcomes().stream().map(o -> o.reply().code()).toList());
            RecipientOutcome y = result.outcomes().get(2);
            assertEquals("4.7.28", y.reply().enhanced());
            assertEquals(2, y.reply().lines().size());
            assertTrue(y.remote());
        }
    }

    @Test
    void a354ToAPipelinedDataWithNoRecipientIsClosedWithAnEmptyMessage() throws Exception {
        List<String> after = new ArrayList<>();
        java.util.concurrent.CountDownLatch reset = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            for (int i = 0; i < 3; i++) {
                peer.readLine();
            }
            peer.send("250 ok", "550 5.1.1 unknown user", "354 go ahead anyway");
            after.add(peer.readLine());
            peer.send("554 5.5.1 no valid recipients");
            after.add(peer.readLine());
            peer.send("250 2.0.0 reset");
            reset.countDown();
        })) {
            DeliveryResult result = deliver(List.of(server.target("mx.dest.test")),
                    envelope("a@example.test", "gone@dest.test"), MESSAGE);
            assertEquals(550, result.outcomes().get(0).reply().code());
            client.deliver(source("127.0.0.2", "out.caravan.test"), List.of(server.target("mx.dest.test")),
                    TlsPolicy.NONE, envelope("a@example.test", "x@dest.test"), MESSAGE);
            assertTrue(reset.await(10, TimeUnit.SECONDS), "the session went on with RSET");
            assertEquals(List.of(".", "RSET"), after);
        }
    }

    @Test
    void aReusedSessionPutsItsRsetAtTheHeadOfThePipelinedGroup() throws Exception {
        List<String> group = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            transaction(peer);
            // no reply until the whole group is in: a client waiting for the RSET's 250 would stall here
            for (int i = 0; i < 4; i++) {
                group.add(peer.readLine());
            }
            peer.send("250 2.0.0 reset", "250 ok", "250 ok", "354 go");
            peer.readData();
            peer.send("250 2.0.0 queued");
            peer.readLine();
        })) {
            DeliveryResult next = twoMessages(server);
            assertTrue(next.outcomes().get(0).delivered(), next.toString());
            assertEquals(SECOND_GROUP, group);
            assertEquals(1, server.connections.get());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void aPooledSessionThatRefusesItsRsetIsReplacedBeforeAnyContent() throws Exception {
        // a server that goes on after refusing the RSET still gets no content: the client hangs up
        assertEquals(java.util.Collections.singletonList(null),
                deliveredOnANewSessionWhenTheReusedOne("421 4.3.2 shutting down", "250 ok", "250 ok", "354 go"));
    }

    @Test
    void aPooledSessionThatHangsUpOnItsGroupIsReplacedBeforeAnyContent() throws Exception {
        assertEquals(List.of(), deliveredOnANewSessionWhenTheReusedOne());
    }

    /**
     * The first session carries one message, then answers the next group with {@code replies} and hangs up.
     * The message must arrive on a second session.
     *
     * @return what the first session read after those replies (null: the client closed it)
     */
    private List<String> deliveredOnANewSessionWhenTheReusedOne(String... replies) throws Exception {
        java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
        List<String> lastGroup = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> afterReplies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer(peer -> {
            boolean first = sessions.incrementAndGet() == 1;
            peer.send("220 scripted.test ESMTP");
            peer.ehlo("PIPELINING");
            transaction(peer);
            if (first) {
                for (int i = 0; i < 4; i++) {
                    lastGroup.add(peer.readLine());
                }
                if (replies.length > 0) {
                    peer.send(replies);
                    afterReplies.add(peer.readLine());
                }
                peer.close();
            } else {
                peer.readLine();
            }
        })) {
            DeliveryResult next = twoMessages(server);
            assertTrue(next.outcomes().get(0).delivered(), next.toString());
            assertEquals(SECOND_GROUP, lastGroup);
            assertEquals(2, server.connections.get());
            assertEquals(List.of(), server.failures);
            return afterReplies;
        }
    }

    /** What a reused session's group carries for the second of {@link #twoMessages}. */
    private static final List<String> SECOND_GROUP =
            List.of("RSET", "MAIL FROM:<b@example.test>", "RCPT TO:<y@dest.test>", "DATA");

    /** One message, then a second that can reuse the first's session; the second's result. */
    private DeliveryResult twoMessages(ScriptedServer server) throws Exception {
        deliver(List.of(server.target("mx.dest.test")), envelope("a@example.test", "x@dest.test"), MESSAGE);
        return deliver(List.of(server.target("mx.dest.test")), envelope("b@example.test", "y@dest.test"), MESSAGE);
    }

    /** A pipelined MAIL, RCPT, DATA answered with success, and its content. */
    private static void transaction(ScriptedServer.Peer peer) throws Exception {
        for (int i = 0; i < 3; i++) {
            peer.readLine();
        }
        peer.send("250 ok", "250 ok", "354 go");
        peer.readData();
        peer.send("250 2.0.0 queued");
    }
}
