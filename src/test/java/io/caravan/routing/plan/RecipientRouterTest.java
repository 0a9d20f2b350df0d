package io.caravan.routing.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.caravan.routing.SteppingClock;
import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResolverSettings;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.routing.transport.TransportMap;
import io.caravan.testing.LoopbackDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientRouterTest {

    private LoopbackDnsServer dns;
    private RecipientRouter router;

    @BeforeEach
    void start() throws IOException {
        dns = LoopbackDnsServer.start();
        dns.add("gmail.test. 300 IN MX 5 gmail-smtp-in.l.google.com.")
                .add("gmail-smtp-in.l.google.com. 300 IN A 127.0.0.50")
                .add("self.test. 300 IN MX 10 mx.self.test.")
                .add("mx.self.test. 300 IN A 127.0.0.51")
                .add("nullmx.test. 300 IN MX 0 .")
                .add("relay.internal. 300 IN A 127.0.0.52");
        dns.servfail("flaky.test");
        TransportMap table = TransportMap.parse("transport", """
                internal.example   smtp:[relay.internal]:2525
                gmail.com          smtp:[192.0.2.1]
                aol.com            relay:[relay.internal]:2525
                corp.example       smtp:gmail.test
                typo.example       smtp:[relay.internl]
                blocked.example    error:5.7.1 not here
                spam.example       discard:
                """);
        MxResolver mx = new MxResolver(MxResolverSettings.defaults().withServers(List.of(dns.address()))
                .withTimeout(Duration.ofMillis(300), 0), SteppingClock.atEpochDay(), new Random(1));
        ProviderRules providers = ProviderRules.load(Path.of("config/providers.yaml"));
        router = new RecipientRouter(() -> table, mx, providers);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gmail.test       | Deliver smtp:gmail.test port 25 via gmail-smtp-in.l.google.com provider gmail",
            "self.test        | Deliver smtp:self.test port 25 via mx.self.test provider self.test",
            "internal.example | Deliver smtp:[relay.internal]:2525 port 2525 via relay.internal provider relay.internal",
            // a literal or relay next hop says nothing about the mailbox: the recipient domain does
            "gmail.com        | Deliver smtp:[192.0.2.1] port 25 via 192.0.2.1 provider gmail",
            "aol.com          | Deliver relay:[relay.internal]:2525 port 2525 via relay.internal provider yahoo",
            // another domain's MX: the domain says nothing, the hosts are Google's
            "corp.example     | Deliver smtp:gmail.test port 25 via gmail-smtp-in.l.google.com provider gmail",
            "nullmx.test      | Bounce 5.1.10",
            "nowhere.test     | Bounce 5.1.2",
            "flaky.test       | Defer 4.4.3",
            "typo.example     | Defer 4.4.4",
            "blocked.example  | Bounce 5.7.1",
            "spam.example     | Discard",
            "''               | Bounce 5.1.3",
    })
    void routesThroughTableDnsAndProviderRules(String domain, String expected) {
        RouteDecision d = router.route(domain);
        String got;
        if (d instanceof RouteDecision.Deliver x) {
            got = "Deliver " + x.nexthop() + " port " + x.port() + " via "
                    + String.join(",", x.hosts().stream().map(h -> h.name()).toList()) + " provider " + x.provider();
        } else if (d instanceof RouteDecision.Bounce b) {
            got = "Bounce " + b.status();
        } else if (d instanceof RouteDecision.Defer f) {
            got = "Defer " + f.status();
        } else {
            got = d.getClass().getSimpleName();
        }
        assertEquals(expected, got);
    }
}
