package io.caravan.routing;

import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.MxHost;
import io.caravan.routing.plan.DeliveryPlan;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which envelope each delivery carries: the JSON as it came when it carries every recipient, else its own. */
class HandoffTest {

    private static final Recipient BOB = Recipient.of("bob@example.com");
    private static final Recipient CAROL = Recipient.of("carol@example.com");
    private static final Envelope BOTH = new Envelope("Q1", "a@remote.test", List.of(BOB, CAROL), null, null, false,
            null, "192.0.2.1", "client.test", Instant.parse("2026-11-29T00:00:00Z"));

    static Stream<Arguments> deliveries() {
        return Stream.of(
                // recipients of each delivery, and whether the first one carries the JSON as it came
                Arguments.of(List.of(List.of(BOB, CAROL)), true),
                Arguments.of(List.of(List.of(BOB), List.of(CAROL)), false),
                // the same addresses in other objects (a planner that copied them): written anew, still right
                Arguments.of(List.of(List.of(Recipient.of("bob@example.com"), Recipient.of("carol@example.com"))),
                        false),
                Arguments.of(List.of(List.of(CAROL, BOB)), false));
    }

    @ParameterizedTest
    @MethodSource("deliveries")
    void eachDeliveryCarriesAnEnvelopeOfItsOwnRecipients(List<List<Recipient>> split, boolean asItCame)
            throws Exception {
        String json = EnvelopeJson.write(BOTH);
        DeliveryPlan plan = new DeliveryPlan(split.stream().map(HandoffTest::delivery).toList(),
                List.of(), List.of(), List.of(), List.of());
        Handoff handoff = new Handoff((e, n) -> Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        List<Handoff.Outgoing> out = handoff.plan(BOTH, json, 0, new MessageRouter.Result(plan, new byte[0]), null);

        assertEquals(split.size(), out.size());
        for (int i = 0; i < split.size(); i++) {
            String carried = (String) out.get(i).headers().get(Headers.ENVELOPE);
            assertEquals(BOTH.withRecipients(split.get(i)), EnvelopeJson.read(carried));
        }
        if (asItCame) {
            assertSame(json, out.get(0).headers().get(Headers.ENVELOPE));
        }
    }

    private static DeliveryPlan.Delivery delivery(List<Recipient> recipients) {
        try {
            return new DeliveryPlan.Delivery("[sink.test]", "smtp", 25,
                    List.of(new MxHost("sink.test", 0, List.of(InetAddress.getByName("127.0.0.1")))),
                    List.of("example.com"), "transactional", "other", "local", "transactional", List.of(),
                    recipients);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
