package io.caravan.reputation;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.message.Json;
import io.caravan.smtp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Suspensions, blocks, AIMD recovery and region events. */
class ReputationStateTest {

    private static final Recovery RAMP = new Recovery(0.2, 0.2, Duration.ofMinutes(10), 0.5, 0.05);

    private final MutableClock clock = MutableClock.at("2026-11-28T02:00:00Z");
    private final ReputationState state = new ReputationState(clock, "eu", "eu-1");
    private final ResponseClassifier classifier = new ResponseClassifier(ShippedRulesTest.RULES, clock);

    private static Verdict verdict(Set<Action> actions, Duration duration, double factor, boolean dryRun) {
        return new Verdict("r", Scope.SOURCE_IP, actions, duration, factor, null, RAMP, dryRun, true, 4,
                Disposition.DEFER, "421 4.7.28 rate limited");
    }

    private Instant now() {
        return clock.instant();
    }

    @Test
    void gmailRateLimitSuspendsThePairOnlyAndAnnouncesIt() {
        Verdict v = classifier.classify(Reply.of(421, "4.7.28", "an unusual rate of unsolicited mail - gsmtp"),
                "gmail", Origin.remote("198.51.100.7"));
        ReputationEvent.Suspended e = (ReputationEvent.Suspended) state.apply(v, "198.51.100.7", "gmail").get(0);
        assertTrue(state.isSuspended("198.51.100.7", "gmail", now()));
        assertFalse(state.isSuspended("198.51.100.7", "yahoo", now()));
        assertFalse(state.isSuspended("198.51.100.8", "gmail", now()));
        assertEquals(0.0, state.rateFactor("198.51.100.7", "gmail", now()));
        assertEquals("2026-11-28T03:00:00Z", e.until());
        assertEquals("gmail-ip-rate-limit", e.rule());
        assertEquals("eu", e.region());
        assertEquals(List.of(new SuspensionView("198.51.100.7", "gmail", v.reason(), "gmail-ip-rate-limit", now(),
                Instant.parse("2026-11-28T03:00:00Z"), false)), state.activeSuspensions(now()));
        clock.advance(Duration.ofHours(1));
        assertFalse(state.isSuspended("198.51.100.7", "gmail", now()));
        assertTrue(state.activeSuspensions(now()).isEmpty());
    }

    @Test
    void recipientScopedAndDryRunVerdictsLeaveTheSourceAlone() {
        Verdict recipient = classifier.classify(Reply.of(450, "4.2.1", "receiving mail at a rate - gsmtp"), "gmail",
                Origin.remote("s"));
        assertTrue(state.apply(recipient, "s", "gmail").isEmpty());
        assertTrue(state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofHours(1), 1.0, true), "s", "gmail").isEmpty());
        assertFalse(state.isSuspended("s", "gmail", now()));
        assertEquals(1.0, state.rateFactor("s", "gmail", now()));
    }

    /** After a 1 h suspension: start 0.2, +0.2 every 10 min, back to 1.0 after 40 min. */
    @ParameterizedTest(name = "{0} min after the end -> {1}")
    @CsvSource({"0, 0.2", "9, 0.2", "10, 0.4", "25, 0.6", "30, 0.8", "40, 1.0", "90, 1.0"})
    void additiveIncreaseAfterTheSuspension(int minutes, double factor) {
        state.apply(verdict(Set.of(Action.SUSPEND, Action.SHIFT), Duration.ofHours(1), 1.0, false), "s", "p");
        clock.advance(Duration.ofHours(1).plusMinutes(minutes));
        assertEquals(factor, state.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void throttledCountsPairsAtAReducedRateButNotSuspendedOnes() {
        state.apply(verdict(Set.of(Action.THROTTLE), null, 0.5, false), "s1", "p");
        state.apply(verdict(Set.of(Action.SUSPEND, Action.SHIFT), Duration.ofHours(1), 1.0, false), "s2", "p");
        assertEquals(1, state.throttledCount(now())); // s1; s2 is suspended, not throttled
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, state.throttledCount(now())); // s1 on its way back up
        clock.advance(Duration.ofMinutes(51)); // s1 back at full rate; s2's suspension over, ramping from 0.2
        assertEquals(1, state.throttledCount(now()));
        assertEquals(1.0, state.rateFactor("s1", "p", now()), 1e-9);
        clock.advance(Duration.ofHours(3));
        assertEquals(0, state.throttledCount(now()));
    }

    @Test
    void eachNewComplaintMultipliesTheFactorDown() {
        Verdict throttle = verdict(Set.of(Action.THROTTLE), null, 0.5, false);
        state.apply(throttle, "s", "p");
        assertEquals(0.5, state.rateFactor("s", "p", now()), 1e-9);
        clock.advance(ReputationState.SAME_REPLY_WINDOW);   // a complaint of its own, not the same one again
        state.apply(throttle, "s", "p");
        assertEquals(0.25, state.rateFactor("s", "p", now()), 1e-9);
        clock.advance(Duration.ofMinutes(20));
        assertEquals(0.65, state.rateFactor("s", "p", now()), 1e-9);
        state.apply(throttle, "s", "p");
        assertEquals(0.325, state.rateFactor("s", "p", now()), 1e-9);
        for (int i = 0; i < 10; i++) {
            clock.advance(ReputationState.SAME_REPLY_WINDOW);
            state.apply(throttle, "s", "p");
        }
        assertEquals(RAMP.floor(), state.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void aWaveOfTheSameReplyToSessionsInFlightCountsOnce() {
        Verdict v = classifier.classify(Reply.of(421, "4.7.28", "an unusual rate of unsolicited mail - gsmtp"),
                "gmail", Origin.remote("198.51.100.7"));
        List<ReputationEvent> events = new java.util.ArrayList<>();
        for (int session = 0; session < 6; session++) {
            events.addAll(state.apply(v, "198.51.100.7", "gmail"));
            clock.advance(Duration.ofMillis(300));
        }
        assertEquals(1, events.size(), "six sessions, one complaint: " + events);
        clock.advance(ReputationState.SAME_REPLY_WINDOW);
        assertEquals(1, state.apply(v, "198.51.100.7", "gmail").size(), "past the window it is a new complaint");
    }

    @Test
    void aWaveOfTheSameReplyLeavesTheRecoveryWhereOneReplyPutsIt() {
        Verdict suspend = verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(30), 1.0, false);
        for (int session = 0; session < 6; session++) {
            state.apply(suspend, "s", "p");
        }
        clock.advance(Duration.ofMinutes(30));
        assertEquals(RAMP.start(), state.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void aSecondSuspensionWhileRecoveringRestartsLower() {
        Verdict suspend = verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(30), 1.0, false);
        state.apply(suspend, "s", "p");
        clock.advance(Duration.ofMinutes(40));               // 10 min into recovery: 0.4
        assertEquals(0.4, state.rateFactor("s", "p", now()), 1e-9);
        state.apply(suspend, "s", "p");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(0.2, state.rateFactor("s", "p", now()), 1e-9); // min(start 0.2, 0.4 × 0.5)
    }

    @Test
    void aSuspensionOnlyGetsLonger() {
        state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofHours(2), 1.0, false), "s", "p");
        assertTrue(state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(5), 1.0, false), "s", "p").isEmpty());
        assertEquals(Instant.parse("2026-11-28T04:00:00Z"), state.suspendedUntil("s", "p", now()).orElseThrow());
    }

    @Test
    void blockStaysUntilAnOperatorLiftsItAndRampsUpAfter() {
        ReputationEvent.Suspended e = (ReputationEvent.Suspended) state.apply(verdict(Set.of(Action.BLOCK,
                Action.SHIFT), Duration.ofDays(7), 1.0, false), "s", "microsoft").get(0);
        assertTrue(e.blocked());
        clock.advance(Duration.ofDays(1));
        assertTrue(state.isBlocked("s", "microsoft", now()));
        ReputationEvent.Resumed r = state.resume("s", "microsoft", "delisted").orElseThrow();
        assertEquals("resumed", r.type());
        assertFalse(state.isSuspended("s", "microsoft", now()));
        assertEquals(0.2, state.rateFactor("s", "microsoft", now()), 1e-9);
        assertTrue(state.resume("s", "microsoft", "again").isEmpty());
    }

    @Test
    void remoteSuspensionsAreIdempotent() {
        ReputationEvent.Suspended e = ReputationEvent.Suspended.of("eu", "eu-2", "s", "yahoo", "421 4.7.0 [TSS04]",
                "yahoo-tss04-deferred", Instant.parse("2026-11-28T04:00:00Z"), now(), false);
        assertTrue(state.apply(e));
        assertFalse(state.apply(e));
        assertTrue(state.isSuspended("s", "yahoo", now()));
        // An older, shorter announcement does not shorten it.
        assertFalse(state.apply(ReputationEvent.Suspended.of("eu", "eu-3", "s", "yahoo", "x", "y",
                Instant.parse("2026-11-28T03:00:00Z"), now(), false)));
        assertEquals(Instant.parse("2026-11-28T04:00:00Z"), state.suspendedUntil("s", "yahoo", now()).orElseThrow());
    }

    @Test
    void aResumeLiftsOnlySuspensionsItHasSeen() {
        Instant before = now().minusSeconds(60);
        state.apply(ReputationEvent.Suspended.of("eu", "eu-2", "s", "p", "x", "y", now().plusSeconds(3600), now(), false));
        assertFalse(state.apply(ReputationEvent.Resumed.of("eu", "eu-3", "s", "p", "old", "y", before)));
        assertTrue(state.isSuspended("s", "p", now()));
        assertTrue(state.apply((ReputationEvent) ReputationEvent.Resumed.of("eu", "eu-3", "s", "p", "op", "y", now())));
        assertFalse(state.isSuspended("s", "p", now()));
        assertFalse(state.apply(ReputationEvent.Resumed.of("eu", "eu-3", "s", "p", "op", "y", now())));
    }

    @Test
    void eventsRoundTripAsFlatJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ReputationEvent e = ReputationEvent.Suspended.of("eu", "eu-1", "198.51.100.7", "gmail", "421 4.7.28 ...",
                "gmail-ip-rate-limit", Instant.parse("2026-11-28T03:00:00Z"), now(), false);
        String text = json.writeValueAsString(e);
        JsonNode tree = json.readTree(text);
        assertEquals("suspended", tree.get("type").asText());
        assertEquals("2026-11-28T03:00:00Z", tree.get("until").asText());
        assertEquals("2026-11-28T02:00:00Z", tree.get("at").asText());
        assertEquals(e, json.readValue(text, ReputationEvent.class));
        ReputationEvent r = ReputationEvent.Resumed.of("eu", "eu-1", "198.51.100.7", "gmail", "op", "r", now());
        assertEquals(r, json.readValue(json.writeValueAsString(r), ReputationEvent.class));
        ReputationEvent t = ReputationEvent.Throttled.of("eu", "eu-1", "198.51.100.7", "gmail", "451 4.7.0 ...", "t",
                0.5, now(), RAMP, now());
        assertEquals(t, Json.read(Json.write(t), ReputationEvent.class));
        assertEquals("PT10M", Json.MAPPER.readTree(Json.write(t)).get("recovery").get("every").asText());
    }

    @Test
    void pruneForgetsRecoveredPairsOnly() {
        state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(10), 1.0, false), "a", "p");
        state.apply(verdict(Set.of(Action.THROTTLE), null, 0.5, false), "b", "p");
        clock.advance(Duration.ofHours(2));
        state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(10), 1.0, false), "c", "p");
        state.prune(now());
        assertEquals(1, state.activeSuspensions(now()).size());
        assertEquals(1.0, state.rateFactor("a", "p", now()));
    }

    @Test
    void aThrottleIsSharedAndAppliedOnceOnAnotherNode() {
        ReputationState other = new ReputationState(clock, "eu", "eu-2");
        List<ReputationEvent> events = state.apply(verdict(Set.of(Action.THROTTLE), null, 0.5, false), "s", "p");
        ReputationEvent.Throttled t = (ReputationEvent.Throttled) events.get(0);
        assertEquals(0.5, t.factor(), 1e-9);
        assertEquals(RAMP, t.recovery());
        assertTrue(other.apply((ReputationEvent) t));
        assertFalse(other.apply(t), "applying it again changes nothing");
        assertFalse(state.apply(t), "our own echo changes nothing");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0.7, other.rateFactor("s", "p", now()), 1e-9, "the other node ramps up the same way");
        assertEquals(state.rateFactor("s", "p", now()), other.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void anOlderThrottleDoesNotUndoALowerRate() {
        ReputationEvent.Throttled old = ReputationEvent.Throttled.of("eu", "eu-2", "s", "p", "x", "r", 0.5,
                now().minus(Duration.ofMinutes(30)), RAMP, now().minus(Duration.ofMinutes(30)));
        state.apply(verdict(Set.of(Action.THROTTLE), null, 0.5, false), "s", "p");
        assertFalse(state.apply(old), "ramped to 1.0 by now: it would raise the rate, so it is ignored");
        assertEquals(0.5, state.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void aSharedSuspensionCarriesTheRulesRecovery() {
        ReputationState other = new ReputationState(clock, "eu", "eu-2");
        ReputationEvent e = state.apply(verdict(Set.of(Action.SUSPEND), Duration.ofMinutes(30), 1.0, false), "s", "p")
                .get(0);
        other.apply(Json.read(Json.write(e), ReputationEvent.class));
        clock.advance(Duration.ofMinutes(40));
        assertEquals(0.4, other.rateFactor("s", "p", now()), 1e-9, "start 0.2 plus one step of 0.2");
        assertEquals(state.rateFactor("s", "p", now()), other.rateFactor("s", "p", now()), 1e-9);
    }

    @Test
    void aShiftRuleNamingAPoolTravelsWithTheSuspension() {
        Verdict v = new Verdict("r", Scope.SOURCE_IP, Set.of(Action.SUSPEND, Action.SHIFT), Duration.ofMinutes(30), 1.0,
                "spare", RAMP, false, true, 4, Disposition.DEFER, "421 4.7.0 try another IP");
        ReputationEvent.Suspended e = (ReputationEvent.Suspended) state.apply(v, "s", "p").get(0);
        assertEquals("spare", e.shiftTo());
        ReputationState other = new ReputationState(clock, "eu", "eu-2");
        other.apply(Json.read(Json.write(e), ReputationEvent.class));
        assertEquals(Optional.of("spare"), other.shiftTarget("s", "p", now()));
        clock.advance(Duration.ofMinutes(31));
        assertEquals(Optional.empty(), other.shiftTarget("s", "p", now()), "only while suspended");
    }
}
