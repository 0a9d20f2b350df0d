package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.Mention;
import io.caravan.egress.shaping.Rate;
import io.caravan.egress.shaping.ShapingLoader;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.reputation.ResponseRules;
import io.caravan.routing.provider.ProviderRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped config/providers.yaml, shaping.yaml and responses.yaml against each other: the last
 * two may only name providers of the first, and a recognised provider gets its shaping limits.
 */
class ShippedTablesTest {

    private static final ProviderRules PROVIDERS = ProviderRules.load(Path.of("config/providers.yaml"));
    private static final ShapingRules SHAPING = ShapingLoader.load(Path.of("config/shaping.yaml"));
    private static final ResponseRules RESPONSES = ResponseRules.load(Path.of("config/responses.yaml"));

    @Test
    void everyProviderNamedInShapingAndResponsesIsInProviders() {
        Set<String> named = new TreeSet<>();
        SHAPING.providerNames().forEach(m -> named.add(m.name()));
        RESPONSES.providerNames().forEach(m -> named.add(m.name()));
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(PROVIDERS.names());
        assertEquals(Set.of(), unknown, "named in shaping.yaml or responses.yaml, not in providers.yaml");
        assertTrue(named.containsAll(Set.of("gmail", "yahoo", "microsoft", "icloud")), named.toString());
        assertDoesNotThrow(() -> PROVIDERS.requireKnown(SHAPING.providerNames()));
        assertDoesNotThrow(() -> PROVIDERS.requireKnown(RESPONSES.providerNames()));
    }

    @Test
    void everyMentionHasItsLine() {
        for (List<Mention> mentions : List.of(SHAPING.providerNames(), RESPONSES.providerNames())) {
            assertTrue(!mentions.isEmpty());
            mentions.forEach(m -> assertTrue(m.line() > 0, m.toString()));
        }
    }

    /** recipient domain, next hop (mx: the domain's own MX hosts; chosen: a literal or relay), host -> provider, limits. */
    @ParameterizedTest(name = "{0} via {1} {2} -> {3}")
    @CsvSource({
        "gmail.com,       mx,     gmail-smtp-in.l.google.com,   gmail,           gmail,           1000/min",
        "gmail.com,       chosen, 192.0.2.1,                    gmail,           gmail,           1000/min",
        "googlemail.com,  chosen, smarthost.isp.example,        gmail,           gmail,           1000/min",
        "aol.com,         mx,     mx-aol.mail.gm0.yahoodns.net, yahoo,           yahoo,           500/min",
        "aol.com,         chosen, smarthost.isp.example,        yahoo,           yahoo,           500/min",
        "icloud.com,      mx,     mx01.mail.icloud.com,         icloud,          icloud,          200/min",
        "me.com,          chosen, 192.0.2.1,                    icloud,          icloud,          200/min",
        "hotmail.com,     chosen, 192.0.2.1,                    microsoft,       microsoft,       600/min",
        "unknown.example, mx,     mx.unknown.example,           unknown.example, unknown.example, ",
        "unknown.example, chosen, 192.0.2.1,                    192.0.2.1,       unknown.example, ",
    })
    void recognisedProviderGetsItsShapingLimits(String domain, String nexthop, String host, String provider,
                                                String destination, String messageRate) {
        String got = nexthop.equals("mx") ? PROVIDERS.recognizeByMx(domain, List.of(host))
                : PROVIDERS.recognizeByDomain(domain, List.of(host));
        assertEquals(provider, got);
        assertEquals(destination, SHAPING.destination(domain, got));
        assertEquals(messageRate == null ? null : Rate.parse(messageRate), SHAPING.resolve(domain, got).messageRate());
    }
}
