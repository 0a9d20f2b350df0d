package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which mail a suppression applies to, by scope, sender, tenant and recipient spelling; and when it lapses. */
class SuppressionListTest {

    @ParameterizedTest(name = "{0} {1}: from {2} as {3} to {4} -> {5}")
    @CsvSource(nullValues = "null", value = {
        "domain:shop.example, bob@remote.test, news@shop.example, null,  bob@remote.test, true",
        "domain:shop.example, bob@remote.test, news@SHOP.example, null,  bob@REMOTE.test, true",
        "domain:shop.example, bob@remote.test, news@other.example, null, bob@remote.test, false",
        "domain:shop.example, bob@remote.test, news@shop.example, null,  Bob@remote.test, false",
        "domain:shop.example, bob@remote.test, '',                null,  bob@remote.test, false",
        "tenant:alice,        bob@remote.test, a@any.example,     alice, bob@remote.test, true",
        "tenant:alice,        bob@remote.test, a@any.example,     carol, bob@remote.test, false",
        "tenant:alice,        bob@remote.test, a@any.example,     null,  bob@remote.test, false",
        "*,                   bob@remote.test, a@any.example,     null,  bob@remote.test, true",
        "*,                   bob@remote.test, '',                null,  bob@remote.test, false",
    })
    void appliesTo(String scope, String suppressed, String sender, String tenant, String recipient, boolean applies) {
        SuppressionList list = new SuppressionList(MutableClock.at("2026-12-07T10:00:00Z"));
        list.add(new Suppression(scope, suppressed, Suppression.Reason.BOUNCE, "550 5.1.1",
                Instant.parse("2026-12-07T09:00:00Z"), null));
        assertEquals(applies, list.find(sender, tenant, recipient).isPresent());
    }

    @Test
    void aSuppressionLapsesAtItsExpiryAndCanBeLifted() {
        MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
        SuppressionList list = new SuppressionList(clock);
        list.add(new Suppression("domain:shop.example", "bob@remote.test", Suppression.Reason.BOUNCE, "550 5.1.1",
                clock.instant(), clock.instant().plus(Duration.ofDays(30))));
        list.add(new Suppression("domain:shop.example", "carol@remote.test", Suppression.Reason.COMPLAINT, "abuse",
                clock.instant(), null));
        assertEquals(2, list.size());
        clock.advance(Duration.ofDays(31));
        assertTrue(list.find("news@shop.example", null, "bob@remote.test").isEmpty());
        Optional<Suppression> carol = list.find("news@shop.example", null, "carol@remote.test");
        assertEquals(Suppression.Reason.COMPLAINT, carol.orElseThrow().reason());
        assertTrue(list.remove("domain:shop.example", "carol@remote.test"));
        assertFalse(list.remove("domain:shop.example", "carol@remote.test"));
        assertEquals(0, list.size());
    }
}
