package io.caravan.reputation;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.smtp.Reply;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classifier behaviour beyond the shipped pack: scopes, dry run, provider filter, triggers, local failures. */
class ResponseClassifierTest {

    private static final String RULES = """
            rules:
              - name: busy
                match: {providers: [acme], code: "451", text: "server\\\\s+busy"}
                scope: connection
                trigger: {count: 3, period: 10m}
                actions: [throttle, defer]
                factor: 0.5
              - name: generic-listed
                match: {code: "5\\\\d\\\\d", text: "listed"}
                scope: block
                actions: [block, shift, rewrite]
                rewrite: 4xx
                duration: 30m
                dry_run: true
              - name: generic-exact-case
                match: {code: "550", text: "EXACT", case_sensitive: true}
                scope: content
                actions: [bounce]
            """;

    private final MutableClock clock = MutableClock.at("2026-11-28T00:00:00Z");
    private final ResponseClassifier classifier = new ResponseClassifier(ResponseRules.parse(RULES), clock);
    private final ResponseClassifier shipped = new ResponseClassifier(ShippedRulesTest.RULES, clock);

    @ParameterizedTest(name = "{0} {1} from {2} -> {3}")
    @CsvSource(quoteCharacter = '"', value = {
        "421, 4.7.28, gmail,     SOURCE_IP,     Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp",
        "421, 4.7.26, gmail,     SENDER_DOMAIN, This mail has been rate limited because it is unauthenticated. - gsmtp",
        "421, 4.7.0,  gmail,     CONNECTION,    TLS required for RCPT domain - gsmtp",
        "450, 4.2.1,  gmail,     RECIPIENT,     The user you are trying to contact is receiving mail at a rate that prevents additional messages - gsmtp",
        "451, 4.7.650, microsoft, SOURCE_IP,    The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. (S775)",
        "451, 4.7.500, microsoft, CONNECTION,   Server busy. Please try again later from [192.0.2.10]. (S77)",
        "550, 5.7.1,  gmail,     CONTENT,       Our system has detected that this message is likely unsolicited mail. - gsmtp",
        "550, 5.7.1,  microsoft, BLOCK,         \"Unfortunately, messages from [192.0.2.10] weren't sent. (S3150)\"",
    })
    void sameCodeDifferentScopes(int code, String enhanced, String provider, Scope scope, String text) {
        Verdict v = shipped.classify(Reply.of(code, enhanced, text), provider, Origin.remote("a"));
        assertEquals(scope, v.scope(), v.rule());
    }

    @Test
    void phraseWrappedAcrossContinuationLinesStillMatches() {
        Reply reply = WireReply.parse("421-4.7.28 [192.0.2.10] Our system has detected an unusual\r\n"
                + "421-4.7.28 rate of unsolicited mail originating from your IP address.\r\n"
                + "421 4.7.28 - gsmtp");
        assertEquals(3, reply.lines().size());
        assertEquals("gmail-ip-rate-limit", shipped.classify(reply, "gmail", Origin.remote("a")).rule());
    }

    @Test
    void providerFilterKeepsRulesToTheirProvider() {
        Reply busy = Reply.of(451, "4.3.0", "Server busy");
        assertEquals("busy", classifier.classify(busy, "acme", Origin.remote("a")).rule());
        assertEquals(Verdict.FALLBACK_4XX, classifier.classify(busy, "other", Origin.remote("a")).rule());
        assertEquals(Verdict.FALLBACK_4XX, classifier.classify(busy, null, Origin.remote("a")).rule());
        // A Gmail-only rule does not fire on the same text from Yahoo.
        Reply gmail = Reply.of(421, "4.7.28", "an unusual rate of unsolicited mail - gsmtp");
        assertEquals("gmail-ip-rate-limit", shipped.classify(gmail, "gmail", Origin.remote("a")).rule());
        // from Yahoo the same words are read by the generic layer, which knows rates but not Gmail
        assertEquals("generic-rate-limit-code", shipped.classify(gmail, "yahoo", Origin.remote("a")).rule());
    }

    @Test
    void triggerFiresOnTheNthMatchWithinThePeriodPerSourceAndProvider() {
        Reply busy = Reply.of(451, "4.3.0", "Server busy");
        assertFalse(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
        clock.advance(Duration.ofMinutes(4));
        Verdict second = classifier.classify(busy, "acme", Origin.remote("a"));
        assertFalse(second.triggered());
        assertEquals(Set.of(Action.DEFER), second.actions());
        // Another source has its own window.
        assertFalse(classifier.classify(busy, "acme", Origin.remote("b")).triggered());
        clock.advance(Duration.ofMinutes(4));
        Verdict third = classifier.classify(busy, "acme", Origin.remote("a"));
        assertTrue(third.triggered());
        assertEquals(Set.of(Action.THROTTLE, Action.DEFER), third.actions());
        assertEquals(0.5, third.factor());
        // Firing empties the window: the next match starts a new count.
        assertFalse(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
    }

    @Test
    void matchesOlderThanThePeriodDoNotCount() {
        Reply busy = Reply.of(451, "4.3.0", "Server busy");
        classifier.classify(busy, "acme", Origin.remote("a"));
        classifier.classify(busy, "acme", Origin.remote("a"));
        clock.advance(Duration.ofMinutes(11));
        assertFalse(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
        assertFalse(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
        assertTrue(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
    }

    @Test
    void dryRunSaysWhatWouldBeDoneCountsItAndAppliesNothing() {
        Verdict v = classifier.classify(Reply.of(554, "5.7.1", "Client host listed at bl.example"), "any",
                Origin.remote("a"));
        assertEquals("generic-listed", v.rule());
        assertTrue(v.dryRun());
        assertEquals(Set.of(Action.BLOCK, Action.SHIFT, Action.REWRITE), v.actions());
        assertFalse(v.actsOnSource());
        assertFalse(v.applies(Action.BLOCK));
        // The message is handled as the reply says: the 5xx is not rewritten.
        assertEquals(5, v.codeClass());
        assertEquals(Disposition.BOUNCE, v.disposition());
        assertEquals(new RuleStats.Counts(1, 1, 1), classifier.stats().of("generic-listed"));
    }

    @Test
    void rewriteTurnsARateLimitSentAs5xxIntoADeferral() {
        Verdict v = shipped.classify(Reply.of(550, null, "Ip frequency limited"), "qq", Origin.remote("a"));
        assertEquals(4, v.codeClass());
        assertEquals(Disposition.DEFER, v.disposition());
        assertTrue(v.applies(Action.THROTTLE));
    }

    @Test
    void textIsCaseInsensitiveUnlessTheRuleSaysOtherwise() {
        assertEquals("busy", classifier.classify(Reply.of(451, null, "SERVER BUSY"), "acme", Origin.remote("a")).rule());
        assertEquals("generic-exact-case", classifier.classify(Reply.of(550, null, "EXACT"), "x", Origin.remote("a")).rule());
        assertEquals(Verdict.FALLBACK_5XX, classifier.classify(Reply.of(550, null, "exact"), "x", Origin.remote("a")).rule());
    }

    @Test
    void localFailuresDeferWithoutActionsAndNeverFeedTriggers() {
        Reply busy = Reply.of(451, "4.3.0", "Server busy");
        for (int i = 0; i < 5; i++) {
            Verdict v = classifier.classify(busy, "acme", Origin.local("own throttle"));
            assertEquals(Verdict.LOCAL, v.rule());
            assertEquals(Set.of(Action.DEFER), v.actions());
            assertFalse(v.actsOnSource());
        }
        Verdict local5xx = classifier.classify(Reply.of(554, null, "listed"), "acme", Origin.local("tls"));
        assertEquals(Disposition.DEFER, local5xx.disposition());
        assertFalse(classifier.classify(busy, "acme", Origin.remote("a")).triggered());
        assertEquals(0, classifier.stats().of(Verdict.LOCAL).matched());
    }

    @Test
    void positiveRepliesAreNotClassified() {
        assertThrows(IllegalArgumentException.class,
                () -> classifier.classify(Reply.of(250, "2.0.0", "OK"), "acme", Origin.remote("a")));
    }

    @Test
    void reasonIsOneLineForOperators() {
        Verdict v = shipped.classify(WireReply.parse("421-4.7.28 first\r\n421 4.7.28 second - gsmtp"), "x",
                Origin.remote("a"));
        assertEquals("421 4.7.28 first second - gsmtp", v.reason());
    }
}
