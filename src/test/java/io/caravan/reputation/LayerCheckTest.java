package io.caravan.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two layers of the rule file and the consistency of actions with scope, checked at load. */
class LayerCheckTest {

    private static final String PROVIDER = """
              - name: acme-block
                match: {providers: [acme], code: "550", text: "blocked"}
                scope: block
                actions: [block, shift, rewrite]
                rewrite: 4xx
                duration: 2h
            """;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " => ", value = {
        // a generic rule suspending for longer than the file allows
        "generic-long|match: {code: \"550\"}|scope: block|actions: [suspend, shift, rewrite]|rewrite: 4xx|duration: 3h => rule 'generic-long': field 'duration': a generic rule suspends for at most 1h (generic.max_duration)",
        // ... or as long as the shortest provider suspension
        "generic-long|match: {code: \"550\"}|scope: block|actions: [suspend, shift, rewrite]|rewrite: 4xx|duration: 2h => rule 'generic-long': field 'duration': a generic rule suspends for less than the shortest provider suspension (2h)",
        "listed|match: {code: \"550\"}|scope: block|actions: [suspend, shift, rewrite]|rewrite: 4xx|duration: 10m => rule 'listed': field 'name': a rule without providers is generic; its name must start with 'generic-'",
        "generic-user|match: {code: \"550\"}|scope: recipient|actions: [throttle, defer]|factor: 0.5 => rule 'generic-user': field 'actions': scope recipient is not about the source: no suspend, block, throttle or shift",
        "generic-ip|match: {code: \"550\"}|scope: source_ip|actions: [bounce] => rule 'generic-ip': field 'actions': a reply about our address must not bounce the mail: shift it",
        "generic-hold|match: {code: \"421\"}|scope: source_ip|actions: [suspend, defer]|duration: 10m => rule 'generic-hold': field 'actions': suspend/block need shift, or the suspended source's mail only waits",
    })
    void problemsAreNamed(String rule, String problem) {
        String yaml = "rules:\n" + PROVIDER + "  - name: " + rule.replace("|", "\n    ") + "\n";
        RuleConfigException e = assertThrows(RuleConfigException.class, () -> ResponseRules.parse(yaml));
        assertTrue(e.problems().contains(problem), e.problems().toString());
    }

    @Test
    void providerRulesComeFirst() {
        String yaml = """
                rules:
                  - name: generic-busy
                    match: {code: "421"}
                    scope: connection
                    actions: [defer]
                """ + PROVIDER;
        RuleConfigException e = assertThrows(RuleConfigException.class, () -> ResponseRules.parse(yaml));
        assertEquals(java.util.List.of("rule 'acme-block': provider rules come before the generic ones"), e.problems());
    }

    @Test
    void theGenericCapIsTheFilesToSet() {
        String ok = "generic:\n  max_duration: 15m\nrules:\n" + PROVIDER + """
                  - name: generic-listed
                    match: {code: "550", text: "listed"}
                    scope: block
                    actions: [suspend, shift, rewrite]
                    rewrite: 4xx
                    duration: 15m
                """;
        ResponseRules rules = ResponseRules.parse(ok);
        assertEquals(1, rules.layer(Layer.GENERIC).size());
        assertEquals(1, rules.layer(Layer.PROVIDER).size());
        RuleConfigException e = assertThrows(RuleConfigException.class,
                () -> ResponseRules.parse(ok.replace("    duration: 15m\n", "    duration: 20m\n")));
        assertTrue(e.problems().get(0).contains("at most 15m"), e.problems().toString());
    }

    @Test
    void aRuleThatAsksForOurAddressNeedsIt() {
        ResponseRules rules = ResponseRules.parse("""
                rules:
                  - name: generic-named
                    match: {code: "4\\\\d\\\\d", source_address: true, text: "deferred"}
                    scope: source_ip
                    actions: [suspend, shift, defer]
                    duration: 10m
                """);
        ResponseClassifier c = new ResponseClassifier(rules, java.time.Clock.systemUTC());
        var reply = WireText.parse("421 Messages from 192.0.2.10 temporarily deferred");
        assertEquals("generic-named", c.classify(reply, "x", Origin.remote("s", "192.0.2.10")).rule());
        assertEquals(Verdict.FALLBACK_4XX, c.classify(reply, "x", Origin.remote("s", "192.0.2.11")).rule());
        assertEquals(Verdict.FALLBACK_4XX, c.classify(reply, "x", Origin.remote("s")).rule());
        assertEquals(2, c.stats().unmatched().count("x"));
    }
}
