package io.caravan.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator's bounce ({@code caravan queue bounce}) says about each recipient of the copy. */
class OperatorBounceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "last reply [{0}]")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "null | returned to the sender by the postmaster",
            "'  ' | returned to the sender by the postmaster",
            "451 4.3.0 mailbox busy | returned to the sender by the postmaster; last attempt: 451 4.3.0 mailbox busy",
    })
    void everyRecipientFailsForGoodWithItsLastReply(String lastReply, String text) {
        Envelope envelope = new Envelope("01Q", "s@example.org", List.of(Recipient.of("a@example.net"),
                Recipient.of("b@example.net")), null, null, false, null, "127.0.0.1", "c.example.org", NOW);
        List<BounceOutcome> outcomes = Bounces.byOperator(envelope, lastReply, NOW);
        assertEquals(List.of("a@example.net", "b@example.net"),
                outcomes.stream().map(o -> o.recipient().address()).toList());
        for (BounceOutcome o : outcomes) {
            assertEquals("5.0.0", o.status());
            assertEquals(text, o.text());
            assertEquals(550, o.report().reply().code(), "a permanent failure decided here, no remote reply");
            assertEquals(null, o.remoteMta());
        }
    }
}
