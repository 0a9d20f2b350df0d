package io.caravan.routing.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.caravan.config.ConfigFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassRulesTest {

    private static final ClassRules RULES = ClassRules.parse("config/classes.yaml", """
            classes: [transactional, bulk, executive, alerts]
            default: transactional
            rules:
              - class: executive
                sender: [CEO@Example.com]
              - class: executive
                auth-user: [boardroom]
              - class: alerts
                auto-submitted: true
                sender-domain: [.monitoring.example]
              - class: bulk
                header:
                  Precedence: [bulk, list, junk]
              - class: bulk
                header-present: [List-Unsubscribe]
              - class: bulk
                sender-domain: [news.example.com]
                recipient-domain: [.partner.example]
            """);

    private static ClassInput input(String sender, String auth, String rcptDomain, String headers) {
        byte[] message = (headers.replace("\\n", "\r\n") + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        return new ClassInput(sender, auth.isEmpty() ? null : auth, rcptDomain.isEmpty() ? null : rcptDomain,
                HeaderFields.parse(message));
    }

    @ParameterizedTest(name = "{4}: {0} {1} {2} [{3}]")
    @CsvSource(delimiter = '|', value = {
            // sender                  | auth      | rcpt domain    | headers                                  | class          | reason
            "a@shop.example            |           |                | Subject: order                           | transactional  | default",
            "ceo@example.com           |           |                | Subject: hi                              | executive      | rule 1",
            "x@shop.example            | boardroom |                | Precedence: bulk                         | executive      | rule 2",
            "x@shop.example            |           |                | Precedence: BULK                         | bulk           | rule 4",
            "x@shop.example            |           |                | Precedence: first-class                  | transactional  | default",
            "x@shop.example            |           |                | List-Unsubscribe: <mailto:u@x>           | bulk           | rule 5",
            "x@shop.example            |           |                | X-Caravan-Class: executive               | executive      | header X-Caravan-Class",
            "x@shop.example            |           |                | X-Caravan-Class: Bulk                    | bulk           | header X-Caravan-Class",
            "x@shop.example            |           |                | X-Caravan-Class: nonsense\\nPrecedence: list | bulk       | rule 4",
            "ceo@example.com           |           |                | X-Caravan-Class: bulk                    | bulk           | header X-Caravan-Class",
            "ping@a.monitoring.example |           |                | Auto-Submitted: auto-generated           | alerts         | rule 3",
            "ping@a.monitoring.example |           |                | Auto-Submitted: no                       | transactional  | default",
            "ping@monitoring.example   |           |                | Auto-Submitted: auto-generated           | transactional  | default",
            "n@news.example.com        |           | x.partner.example | Subject: hi                           | bulk           | rule 6",
            "n@news.example.com        |           | other.example  | Subject: hi                              | transactional  | default",
            "n@news.example.com        |           |                | Subject: hi                              | transactional  | default",
            "                          |           |                | Subject: bounce                          | transactional  | default",
    })
    void firstMatchingRuleWins(String sender, String auth, String rcpt, String headers, String cls, String reason) {
        ClassRules.Classification c = RULES.classify(input(sender == null ? "" : sender, auth == null ? "" : auth,
                rcpt == null ? "" : rcpt, headers));
        assertEquals(cls, c.trafficClass());
        assertEquals(reason, c.reason());
    }

    @Test
    void overrideCanRequireAuthentication() {
        ClassRules strict = ClassRules.parse("c.yaml", """
                classes: [transactional, bulk]
                override-requires-auth: true
                """);
        assertEquals("transactional", strict.classify(input("a@b", "", "", "X-Caravan-Class: bulk")).trafficClass());
        assertEquals("bulk", strict.classify(input("a@b", "user", "", "X-Caravan-Class: bulk")).trafficClass());
    }

    @Test
    void shippedRulesLoad() {
        ClassRules shipped = ClassRules.load(Path.of("config/classes.yaml"));
        assertEquals("transactional", shipped.defaultClass());
        assertEquals("bulk", shipped.classify(input("a@b", "", "", "Precedence: list")).trafficClass());
        assertEquals("X-Caravan-Class", shipped.overrideHeader());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "classes: [a]\\ndefault: b                                          | default: \"b\" is not a declared class",
            "classes: []                                                       | classes: declare at least one class",
            "classes: [a]\\ndefault: a\\nrules:\\n  - class: z\\n    sender: [x] | rules[0].class: \"z\" is not a declared class",
            "classes: [a]\\ndefault: a\\nrules:\\n  - class: a                  | rules[0]: a rule needs at least one condition",
            "classes: [a]\\ndefault: a\\nrules:\\n  - class: a\\n    sendr: [x]  | rules[0].sendr: unknown key",
            "classes: [a]\\ndefault: a\\nrules:\\n  - sender: [x]               | rules[0].class: missing",
            "classes: [a]\\ndefault: a\\nrules:\\n  - class: a\\n    auto-submitted: maybe | rules[0].auto-submitted: expected true or false",
    })
    void badRulesNameFileAndPath(String yaml, String problem) {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ClassRules.parse("config/classes.yaml", yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("config/classes.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
