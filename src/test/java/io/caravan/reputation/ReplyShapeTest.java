package io.caravan.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unmatched replies counted by wording: what is masked, and what a skeleton rule looks like. */
class ReplyShapeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred - 4.16.55.1 => 421 4.7.0 [TSS#] Messages from <ip> temporarily deferred - <ip>",
        "550 5.1.1 <bob@example.com>: user does not exist => 550 5.1.1 <addr>: user does not exist",
        "451 4.7.650 The mail server [2001:db8::25] has been rate limited [BN8NAM12FT055.eop-nam12.prod.protection.outlook.com] => 451 4.7.650 The mail server [<ip>] has been rate limited [<id>]",
        "554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=192.0.2.10 => 554 For explanation visit https://postmaster.gmx.net/en/case?<q>",
        "550 spam message rejected. Error code: 6A4D9F0C. ID: 0000000A1B2C3D4E. => 550 spam message rejected. Error code: #A#D#F#C. ID: <id>",
    })
    void numbersAddressesAndIdsAreMasked(String wire, String shape) {
        assertEquals(shape, ReplyShape.of(WireText.parse(wire)));
    }

    @Test
    void theSameWordingFromAnotherAddressCountsOnce() {
        UnknownReplies u = new UnknownReplies();
        u.record("acme", WireText.parse("451 Greylisted 192.0.2.10 for 300 seconds"));
        u.record("acme", WireText.parse("451 Greylisted 198.51.100.7 for 60 seconds"));
        u.record("other", WireText.parse("451 Greylisted 198.51.100.7 for 60 seconds"));
        assertEquals(2, u.count("acme"));
        assertEquals(2, u.shapes());
        UnknownReplies.Entry top = u.top(20).get(0);
        assertEquals("acme", top.provider());
        assertEquals(2, top.count());
        assertEquals("451 Greylisted <ip> for # seconds", top.shape());
        assertTrue(top.example().contains("198.51.100.7"), top.example());
    }

    @Test
    void theTableIsBounded() {
        UnknownReplies u = new UnknownReplies();
        for (int i = 0; i < UnknownReplies.MAX_SHAPES + 10; i++) {
            StringBuilder word = new StringBuilder();
            for (char c : Integer.toString(i, 26).toCharArray()) word.append((char) ('a' + Character.digit(c, 26)));
            u.record("acme", WireText.parse("451 wording " + word));
        }
        assertEquals(UnknownReplies.MAX_SHAPES, u.shapes());
        assertTrue(u.dropped() > 0);
        assertEquals(UnknownReplies.MAX_SHAPES + 10, u.count("acme"));
    }

    @Test
    void aSkeletonIsARuleTheFileAccepts() {
        String shape = ReplyShape.of(WireText.parse("421 4.7.0 Service refusé: your address 192.0.2.10 is on hold"));
        String skeleton = RuleSkeleton.of("orange", shape, Set.of("orange"));
        assertTrue(skeleton.contains("providers: [orange]") && skeleton.contains("enhanced: \"4\\\\.7\\\\.0\""),
                skeleton);
        ResponseRule rule = ResponseRules.parse("rules:\n" + skeleton).rules().get(0);
        assertTrue(rule.match().matches(WireText.parse("421 4.7.0 Service refusé: your address 198.51.100.1 is on hold"),
                "orange"), skeleton);
        assertEquals(Layer.PROVIDER, rule.layer());

        String generic = RuleSkeleton.of("mailhost.example", shape, Set.of("orange"));
        ResponseRule g = ResponseRules.parse("rules:\n" + generic).rules().get(0);
        assertEquals(Layer.GENERIC, g.layer());
        assertTrue(g.name().startsWith(Layer.GENERIC_PREFIX), g.name());
        assertFalse(generic.contains("providers"), generic);
    }
}
