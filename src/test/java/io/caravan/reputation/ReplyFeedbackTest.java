package io.caravan.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.smtp.Reply;
import io.caravan.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped rules decide, per reply, the recipient's next step and whether the source is suspended. */
class ReplyFeedbackTest {

    @ParameterizedTest(name = "{0} {1} from {3}: {5}")
    @CsvSource(delimiter = '|', value = {
        "250 | 2.0.0 | OK | gmail | true | DONE | false",
        "421 | 4.7.28 | [192.0.2.10] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp | gmail | true | RETRY_ELSEWHERE | true",
        "450 | 4.2.1 | The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp | gmail | true | DEFER | false",
        "553 | 5.7.2 | [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes | yahoo | true | RETRY_ELSEWHERE | true",
        "550 | 5.1.1 | The email account that you tried to reach does not exist. - gsmtp | gmail | true | BOUNCE | false",
        "451 | 4.3.0 | something odd happened | example | true | DEFER | false",
        "554 | 5.0.0 | no | example | true | BOUNCE | false",
        "451 | 4.4.2 | timeout waiting for the greeting | gmail | false | DEFER | false",
    })
    void nextStepAndSuspension(int code, String enhanced, String text, String provider, boolean remote,
                               ReplyFeedback.Next next, boolean suspends) {
        MutableClock clock = MutableClock.at("2026-11-28T02:00:00Z");
        ReputationState state = new ReputationState(clock, "local", "n1");
        ReplyFeedback feedback = new ReplyFeedback(
                new ResponseClassifier(ResponseRules.load(Path.of("config/responses.yaml")), clock), state, clock);

        ReplyFeedback.Decision d = feedback.onReply(new Reply(code, enhanced, List.of(text)), remote, "tx-1",
                provider);

        assertEquals(next, d.next());
        assertEquals(suspends, !d.events().isEmpty(), "an event for the region");
        assertEquals(suspends, state.isSuspended("tx-1", provider, Instant.parse("2026-11-28T02:00:01Z")));
    }
}
