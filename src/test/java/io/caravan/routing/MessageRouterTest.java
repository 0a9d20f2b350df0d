package io.caravan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import io.caravan.dkim.DkimSigner;
import io.caravan.feedback.FeedbackRef;
import io.caravan.feedback.RefKeys;
import io.caravan.feedback.Suppression;
import io.caravan.feedback.SuppressionList;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.classes.ClassRules;
import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResolverSettings;
import io.caravan.routing.plan.DeliveryPlan;
import io.caravan.routing.plan.DeliveryPlanner;
import io.caravan.routing.plan.RecipientRouter;
import io.caravan.egress.pools.EgressConfig;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.routing.transport.TransportMap;
import io.caravan.testing.LoopbackDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The shipped config files and the real resolver against DNS on loopback, one message end to end. */
class MessageRouterTest {

    private static final RefKeys KEYS = RefKeys.of(new byte[32]);

    private LoopbackDnsServer dns;
    private MessageRouter router;

    @BeforeEach
    void start() throws IOException {
        dns = LoopbackDnsServer.start();
        dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                .add("workspace.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.50")
                .add("yahoo.test. 300 IN MX 1 mta5.am0.yahoodns.net.")
                .add("mta5.am0.yahoodns.net. 300 IN A 127.0.0.51")
                .add("nullmx.test. 300 IN MX 0 .");
        dns.servfail("flaky.test");
        MxResolver mx = new MxResolver(MxResolverSettings.defaults().withServers(List.of(dns.address()))
                .withTimeout(Duration.ofMillis(300), 0), SteppingClock.atEpochDay(), new Random(3));
        RecipientRouter recipients = new RecipientRouter(() -> TransportMap.EMPTY, mx,
                ProviderRules.load(Path.of("config/providers.yaml")));
        router = new MessageRouter(recipients, ClassRules.load(Path.of("config/classes.yaml")),
                EgressConfig.load(Path.of("config/egress.yaml")).region("local"),
                new DeliveryPlanner(DeliveryPlanner.Settings.defaults()));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void routesOneMessageForManyDomains() {
        Envelope envelope = new Envelope("Q1", "news@shop.example", List.of(
                Recipient.of("a@gmail.test"), Recipient.of("b@workspace.test"), Recipient.of("c@yahoo.test"),
                Recipient.of("d@nullmx.test"), Recipient.of("e@flaky.test"), Recipient.of("f@gmail.test")),
                null, null, false, null, "127.0.0.1", "client.example", Instant.EPOCH);
        byte[] message = "From: news@shop.example\r\nX-Caravan-Class: bulk\r\nSubject: sale\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        MessageRouter.Result result = router.route(envelope, message);

        DeliveryPlan plan = result.plan();
        assertEquals(List.of("gmail:bulk:bulk:[a@gmail.test, b@workspace.test, f@gmail.test]",
                        "yahoo:bulk:bulk:[c@yahoo.test]"),
                plan.deliveries().stream().map(d -> d.provider() + ":" + d.trafficClass() + ":" + d.pool() + ":"
                        + d.recipients().stream().map(Recipient::address).toList()).toList());
        assertEquals("5.1.10", plan.bounces().get(0).status());
        assertEquals("e@flaky.test", plan.defers().get(0).recipient().address());
        assertEquals("From: news@shop.example\r\nSubject: sale\r\n\r\nbody\r\n",
                new String(result.message(), StandardCharsets.US_ASCII));
        assertEquals(1, dns.queryCount("gmail.test", Type.MX), "each domain is routed once per message");
    }

    @Test
    void aSuppressedRecipientBouncesAtOnceAndTheOthersAreDelivered() {
        SuppressionList suppressions = new SuppressionList(java.time.Clock.systemUTC());
        suppressions.add(new Suppression(Suppression.domainScope("shop.example"), "a@gmail.test",
                Suppression.Reason.COMPLAINT, "abuse report", Instant.now(), null));
        MessageRouter suppressing = new MessageRouter(new RecipientRouter(() -> TransportMap.EMPTY,
                new MxResolver(MxResolverSettings.defaults().withServers(List.of(dns.address()))
                        .withTimeout(Duration.ofMillis(300), 0), SteppingClock.atEpochDay(), new Random(3)),
                ProviderRules.load(Path.of("config/providers.yaml"))),
                ClassRules.load(Path.of("config/classes.yaml")),
                EgressConfig.load(Path.of("config/egress.yaml")).region("local"),
                new DeliveryPlanner(DeliveryPlanner.Settings.defaults()), DkimSigner.none(), suppressions, KEYS);
        Envelope envelope = new Envelope("Q2", "news@shop.example", List.of(Recipient.of("a@gmail.test"),
                Recipient.of("f@gmail.test")), null, null, false, null, "127.0.0.1", "client.example", Instant.EPOCH);

        MessageRouter.Result result = suppressing.route(envelope, "From: news@shop.example\r\n\r\nx\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        DeliveryPlan plan = result.plan();

        assertEquals(List.of("a@gmail.test"), plan.bounces().stream().map(o -> o.recipient().address()).toList());
        assertEquals("5.7.1", plan.bounces().get(0).status());
        String out = new String(result.message(), StandardCharsets.US_ASCII);
        assertTrue(out.matches("X-Caravan-Ref: [\\w-]+(\r\n [\\w-]+)*\r\nFrom: news@shop.example\r\n\r\nx\r\n"),
                "the reference, in front of the message as it came: " + out);
        String value = out.substring("X-Caravan-Ref: ".length(), out.indexOf("\r\nFrom: "));
        FeedbackRef ref = FeedbackRef.parse(value, KEYS);
        assertEquals("Q2", ref.queueId());
        assertEquals("domain:shop.example", ref.scope());
        assertEquals(plan.deliveries().get(0).provider(), ref.provider(), "the provider egress counts the delivery under");
        assertTrue(!value.contains(ref.provider()), "the provider is sealed too: " + value);
        assertTrue(!value.contains("Q2") && !value.contains("shop") && !value.contains(ref.pool()),
                "a receiver reads none of it: " + value);
        assertEquals(List.of(List.of("f@gmail.test")), plan.deliveries().stream()
                .map(d -> d.recipients().stream().map(Recipient::address).toList()).toList());
    }
}
