package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            CARAVAN_NODE_REGION,                 key,      caravan.node.region
            CARAVAN_SMTP_MX_PORT,                key,      caravan.smtp.mx.port
            CARAVAN_NODE_REGOIN,                 misspelt, caravan.node.region
            CARAVAN_SMPT_MX_PORT,                misspelt, caravan.smtp.mx.port
            CARAVAN_CONSOLE_BINDADDRESS,         misspelt, caravan.console.bind
            CARAVAN_SMTP_MX_PROT,                misspelt, caravan.smtp.mx.port
            caravan_node_region,                 misspelt, caravan.node.region
            CARAVAN_SERVICE_HOST,                foreign,
            CARAVAN_SERVICE_PORT,                foreign,
            CARAVAN_SERVICE_PORT_SMTP,           foreign,
            CARAVAN_PORT,                        foreign,
            CARAVAN_PORT_2525_TCP,               foreign,
            CARAVAN_PORT_2525_TCP_ADDR,          foreign,
            CARAVAN_PORT_2525_TCP_PROTO,         foreign,
            CARAVAN_HOME,                        foreign,
            """)
    void classifies(String variable, String kind, String key) {
        EnvironmentNames.Kind got = EnvironmentNames.classify(variable);
        switch (kind) {
            case "key" -> assertEquals(new EnvironmentNames.OfKey(Key.byProperty(key).orElseThrow()), got);
            case "misspelt" -> assertEquals(new EnvironmentNames.Misspelt(Key.byProperty(key).orElseThrow()), got);
            default -> assertEquals(new EnvironmentNames.Foreign(), got);
        }
    }

    @ParameterizedTest
    @CsvSource({"kitten,sitting,3", "abc,abc,0", "abc,,3", "ab,ba,2"})
    void countsEdits(String a, String b, int edits) {
        assertEquals(edits, EnvironmentNames.distance(a, b == null ? "" : b));
    }
}
