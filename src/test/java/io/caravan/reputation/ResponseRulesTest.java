package io.caravan.reputation;

import io.caravan.config.ConfigFileException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.Mention;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading the rule file: defaults, and problems reported with the rule and the field. */
class ResponseRulesTest {

    private static String rule(String body) {
        return "rules:\n  - name: generic-r1\n" + body.indent(4);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "match: {code: 421}\\nscope: source_ip\\nactions: [suspend] => rule 'generic-r1': field 'duration': required by suspend/block",
        "match: {code: 421}\\nscope: ip\\nactions: [defer] => rule 'generic-r1': field 'scope': unknown scope 'ip'",
        "match: {code: 421}\\nscope: connection\\nactions: [throttle] => rule 'generic-r1': field 'factor': required by throttle",
        "match: {code: 421}\\nscope: connection\\nactions: [throttle]\\nfactor: 1.5 => rule 'generic-r1': field 'factor': must be a number between 0 and 1 (exclusive)",
        "match: {code: 421}\\nscope: connection\\nactions: [bounce, defer] => rule 'generic-r1': field 'actions': bounce and defer exclude each other",
        "match: {code: 421}\\nscope: connection\\nactions: [explode] => rule 'generic-r1': field 'actions': unknown action 'explode'",
        "match: {text: (unclosed}\\nscope: connection\\nactions: [defer] => rule 'generic-r1': field 'match.text': bad regex: Unclosed group",
        "match: {providers: [x]}\\nscope: connection\\nactions: [defer] => rule 'generic-r1': field 'match': needs at least one of code, enhanced, text, source_address",
        "match: {code: 421}\\nscope: source_ip\\nactions: [suspend]\\nduration: 2 hours => rule 'generic-r1': field 'duration': not a duration: '2 hours' (use e.g. 500ms, 30s, 5m, 2h, 5d)",
        "match: {code: 550}\\nscope: source_ip\\nactions: [rewrite] => rule 'generic-r1': field 'rewrite': the 'rewrite' action and the 'rewrite: 4xx|5xx' field go together",
        "match: {code: 550}\\nscope: source_ip\\nactions: [rewrite]\\nrewrite: 3xx => rule 'generic-r1': field 'rewrite': must be 4xx or 5xx",
        "match: {code: 421}\\nscope: connection\\nactions: [defer]\\ntrigger: {count: 3} => rule 'generic-r1': field 'trigger': a period is needed when count > 1",
        "match: {code: 421}\\nscope: connection\\nactions: [defer]\\nspeed: 3 => rule 'generic-r1': field 'speed': unknown field",
        "match: {code: 421}\\nscope: connection\\nactions: [defer]\\nrecovery: {start: 2} => rule 'generic-r1': field 'recovery': start must be in (0, 1]: 2.0",
        "match: {code: 421}\\nscope: connection\\nactions: [defer]\\npool: other => rule 'generic-r1': field 'pool': only used by shift",
    })
    void problemsNameTheRuleAndTheField(String body, String expected) {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ResponseRules.parse(rule(body.replace("\\n", "\n"))));
        assertTrue(e.problems().contains(expected), e.problems().toString());
    }

    @Test
    void allProblemsAreReportedAtOnceAndUnnamedRulesGetTheirPosition() {
        String yaml = """
                rules:
                  - name: generic-ok
                    match: {code: "421"}
                    scope: connection
                    actions: [defer]
                  - match: {code: "421"}
                    scope: connection
                    actions: [defer]
                  - name: generic-ok
                    match: {code: "421"}
                    scope: nowhere
                    actions: [defer]
                """;
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ResponseRules.parse(yaml));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().contains("rule #2: field 'name': missing"));
        assertTrue(e.problems().contains("rule 'generic-ok': field 'scope': unknown scope 'nowhere'"));
        assertTrue(e.problems().contains("rule 'generic-ok': field 'name': duplicate name"));
    }

    @Test
    void defaultsAreFilledIn() {
        ResponseRule r = ResponseRules.parse(rule("match: {code: '421'}\nscope: source_ip\nactions: [suspend, shift]\nduration: 15m"))
                .rules().get(0);
        assertEquals(Trigger.immediately(), r.trigger());
        assertEquals(Recovery.defaults(), r.recovery());
        assertEquals(Duration.ofMinutes(15), r.duration());
        assertEquals(Set.of(Action.SUSPEND, Action.SHIFT), r.actions());
        assertEquals(1.0, r.factor());
        assertEquals(false, r.dryRun());
    }

    @Test
    void missingRulesListIsRefused() {
        assertThrows(ConfigFileException.class, () -> ResponseRules.parse("rule: []"));
    }

    @Test
    void providerNamesKeepTheirLines() {
        ResponseRules rules = ResponseRules.parse("""
                # comment
                rules:
                  - name: one
                    match: {providers: [gmail, Yahoo], code: "421"}
                    scope: connection
                    actions: [defer]
                  - name: two
                    match:
                      code: "550"
                      providers:
                        - microsoft
                        - icloud
                    scope: content
                    actions: [bounce]
                  - name: three
                    match: {providers: qq, code: "550"}
                    scope: content
                    actions: [bounce]
                  - name: generic-421
                    match: {code: "421"}
                    scope: connection
                    actions: [defer]
                """, "responses.yaml");
        assertEquals(List.of(new Mention("gmail", "responses.yaml", 4), new Mention("yahoo", "responses.yaml", 4),
                new Mention("microsoft", "responses.yaml", 11), new Mention("icloud", "responses.yaml", 12),
                new Mention("qq", "responses.yaml", 16)), rules.providerNames());
    }
}
