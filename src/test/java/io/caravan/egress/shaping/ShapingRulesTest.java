package io.caravan.egress.shaping;

import io.caravan.config.ConfigFileException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.Mention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rates, limits by the route's provider, field-by-field merge, and file validation. */
class ShapingRulesTest {

    private static final String YAML = """
            defaults:
              max_connections: 20
              max_messages_per_connection: 100
            providers:
              gmail:
                max_connections: 50
                message_rate: 1000/min
                connection_rate: 60/min
              yahoo:
                max_connections: 7
            domains:
              Partner.example: {max_connections: 2}
              unmetered.example: {message_rate: unlimited}
              nomx.example: {message_rate: 20/d}
            """;

    private final ShapingRules rules = ShapingLoader.parse(YAML);

    @ParameterizedTest
    @CsvSource({"1/s, 1.0", "100/min, 1.6666666667", "5000/h, 1.3888888889", "20/d, 0.0002314815", "3/10s, 0.3",
                "60 / minute, 1.0"})
    void ratesAsOperatorsWriteThem(String text, double perSecond) {
        assertEquals(perSecond, Rate.parse(text).perSecond(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"fast", "0/s", "10/week", "1/"})
    void badRatesAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Rate.parse(text));
    }

    /** domain, provider from the route -> destination, max connections, per source, message rate, messages per connection. */
    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({
        "gmail.com,         gmail,            gmail,            50, 5, 1000/min, 100",
        "customer.example,  gmail,            gmail,            50, 5, 1000/min, 100",
        "aol.com,           yahoo,            yahoo,            7,  5, ,         100",
        "partner.example,   gmail,            gmail,            2,  5, 1000/min, 100",
        "unmetered.example, gmail,            gmail,            50, 5, ,         100",
        "nomx.example,      nomx.example,     nomx.example,     20, 5, 20/d,     100",
        // a provider shaping.yaml gives no limits is counted per domain, like an unknown one
        "shop.example,      zoho,             shop.example,     20, 5, ,         100",
        "other.example,     default,          other.example,    20, 5, ,         100",
        "other.example,     ,                 other.example,    20, 5, ,         100",
    })
    void mostSpecificRuleWinsFieldByField(String domain, String provider, String destination, int maxConnections,
                                          int perSource, String rate, int perConnection) {
        assertEquals(destination, rules.destination(domain, provider));
        ShapingSpec spec = rules.resolve(domain, provider);
        assertEquals(maxConnections, spec.maxConnections());
        assertEquals(perSource, spec.maxConnectionsPerSource());
        assertEquals(rate == null ? null : Rate.parse(rate), spec.messageRate());
        assertEquals(perConnection, spec.maxMessagesPerConnection());
    }

    @Test
    void connectionRateIsInheritedFromTheProvider() {
        assertEquals(new Rate(60, Duration.ofMinutes(1)), rules.resolve("partner.example", "gmail").connectionRate());
        assertNull(rules.resolve("x.example", null).connectionRate());
    }

    @Test
    void problemsNameTheSectionAndTheField() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ShapingLoader.parse("""
                defaults: {max_connections: 0}
                providers:
                  acme: {message_rate: lots}
                  gmail: {mx_suffixes: [google.com]}
                domains:
                  x.example: {max_conections: 3}
                """));
        assertTrue(e.problems().contains("defaults: field 'max_connections': must be a whole number of at least 1"),
                e.problems().toString());
        assertTrue(e.problems().contains(
                "providers.gmail: field 'mx_suffixes': providers are recognised in providers.yaml only"),
                e.problems().toString());
        assertTrue(e.problems().contains(
                "providers.acme: field 'message_rate': not a rate (use e.g. 1/s, 100/min, 5000/h, 20/d): lots"));
        assertTrue(e.problems().contains("domains.x.example: field 'max_conections': unknown field"));
    }

    @Test
    void providerNamesKeepTheirLines() {
        assertEquals(List.of(new Mention("gmail", "<yaml>", 5), new Mention("yahoo", "<yaml>", 9)),
                rules.providerNames());
    }

    @Test
    void shippedDefaultsAreTheBuiltInOnes() {
        assertEquals(ShapingSpec.defaults(), ShapingLoader.load(Path.of("config/shaping.yaml")).defaults());
    }
}
