package io.caravan.reputation;

import io.caravan.config.ConfigFileException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two layers of the rule file, the generic cap, and the consistency of actions with scope, checked at load. */
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
        "generic-user|match: {code: \"550\"}|scope: recipient|actions: [throttle, defer]|factor: 0.5 => rule 'generic-user': field 'actions': scope recipient is not about the source: no suspend, block, throttle or shift",
        "generic-domain|match: {code: \"550\"}|scope: sender_domain|actions: [suspend, shift]|duration: 10m => rule 'generic-domain': field 'actions': scope sender_domain is not about the source: no suspend, block, throttle or shift",
        "generic-ip|match: {code: \"550\"}|scope: source_ip|actions: [bounce] => rule 'generic-ip': field 'actions': a reply about our address must not bounce the mail: shift it",
        "generic-hold|match: {code: \"421\"}|scope: source_ip|actions: [suspend, defer]|duration: 10m => rule 'generic-hold': field 'actions': suspend/block need shift, or the suspended source's mail only waits",
        "generic-move|match: {code: \"421\"}|scope: source_ip|actions: [throttle, shift, defer]|factor: 0.5 => rule 'generic-move': field 'actions': shift acts only with suspend or block",
    })
    void inconsistentActionsAreRefused(String rule, String problem) {
        String yaml = "rules:\n" + PROVIDER + "  - name: " + rule.replace("|", "\n    ") + "\n";
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ResponseRules.parse(yaml));
        assertTrue(e.problems().contains(problem), e.problems().toString());
    }

    @Test
    void providerRulesAreAskedFirstWhereverTheFileHasThem() {
        String yaml = """
                rules:
                  - name: any-550
                    match: {code: "550"}
                    scope: transient
                    actions: [bounce]
                """ + PROVIDER;
        ResponseClassifier c = new ResponseClassifier(ResponseRules.parse(yaml), java.time.Clock.systemUTC());
        Verdict v = c.classify(WireText.parse("550 blocked"), "acme", Origin.remote("s"));
        assertEquals("acme-block", v.rule());
        assertEquals(Layer.PROVIDER, v.layer());
        Verdict g = c.classify(WireText.parse("550 blocked"), "other", Origin.remote("s"));
        assertEquals("any-550", g.rule());
        assertEquals(Layer.GENERIC, g.layer());
    }

    @Test
    void aGenericSuspensionIsCutToTheCap() {
        String yaml = "generic:\n  max_duration: 15m\nrules:\n" + PROVIDER + """
                  - name: generic-listed
                    match: {code: "550", text: "listed"}
                    scope: block
                    actions: [suspend, shift, rewrite]
                    rewrite: 4xx
                    duration: 6h
                """;
        ResponseRules rules = ResponseRules.parse(yaml);
        assertEquals(Duration.ofMinutes(15), rules.rule("generic-listed").orElseThrow().duration());
        assertEquals(Duration.ofHours(2), rules.rule("acme-block").orElseThrow().duration());
        assertEquals(Duration.ofHours(1), ResponseRules.parse(yaml.replace("generic:\n  max_duration: 15m\n", ""))
                .rule("generic-listed").orElseThrow().duration());
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ResponseRules.parse(yaml.replace("max_duration: 15m", "max_duration: soon")));
        assertTrue(e.problems().get(0).startsWith("generic: "), e.problems().toString());
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
