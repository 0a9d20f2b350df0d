package io.caravan.egress.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.message.DeliveryRoute;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which MX hosts a delivery may use under its domains' policies. Policies: a.test enforce (mx.a.test),
 * w.test enforce (*.w.test), t.test testing (mx.t.test), n.test none, l.test enforce but listed in tls_policy.
 */
class StsGateTest {

    private static final Map<String, StsPolicy> POLICIES = Map.of(
            "a.test", policy("enforce", "mx.a.test"),
            "w.test", policy("enforce", "*.w.test"),
            "t.test", policy("testing", "mx.t.test"),
            "n.test", StsPolicy.parse("version: STSv1\nmode: none\nmax_age: 60\n"),
            "l.test", policy("enforce", "mx.l.test"));

    private static StsPolicy policy(String mode, String mx) {
        return StsPolicy.parse("version: STSv1\nmode: " + mode + "\nmx: " + mx + "\nmax_age: 86400\n");
    }

    private final StsGate gate = new StsGate(
            d -> Optional.ofNullable(POLICIES.get(d)).map(p -> new CachedPolicy("id1", p, Instant.EPOCH, Instant.MAX)),
            d -> d.equals("l.test"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "smtp  | smtp:a.test        | a.test        | mx.a.test           | enforce mx.a.test",
            "smtp  | smtp:a.test:2525   | a.test        | mx.a.test,mx.evil   | enforce mx.a.test",
            "smtp  | smtp:a.test        | a.test        | mx.evil             | refuse",
            "smtp  | smtp:w.test        | w.test        | in.w.test,w.test    | enforce in.w.test",
            "smtp  | smtp:w.test        | w.test        | a.b.w.test          | refuse",
            "smtp  | smtp:t.test        | t.test        | mx.other            | testing mx.other",
            "smtp  | smtp:t.test        | t.test        | mx.t.test           | testing",
            "smtp  | smtp:n.test        | n.test        | mx.other            | as usual",
            "smtp  | smtp:l.test        | l.test        | mx.other            | as usual",
            "smtp  | smtp:u.test        | u.test        | mx.other            | as usual",
            "smtp  | smtp:[127.0.0.1]   | a.test        | 127.0.0.1           | as usual",
            "smtp  | smtp:relay.test    | a.test        | mx.relay.test       | as usual",
            "relay | relay:a.test       | a.test        | mx.evil             | as usual",
            "smtp  | smtp:a.test        | a.test,t.test | mx.a.test,mx.t.test | enforce mx.a.test",
            "smtp  | smtp:t.test        | t.test,a.test | mx.t.test           | refuse",
    })
    void decisions(String transport, String nexthop, String domains, String hosts, String expected) {
        List<DeliveryRoute.Hop> hops = Arrays.stream(hosts.split(","))
                .map(h -> new DeliveryRoute.Hop(h, 10, List.of("127.0.0.1"))).toList();
        DeliveryRoute route = new DeliveryRoute(transport, nexthop, 25, hops, List.of(domains.split(",")),
                "transactional", "default", "local", "main", List.of());
        assertEquals(expected, describe(gate.decide(route)));
    }

    private static String describe(StsDecision d) {
        if (d instanceof StsDecision.Enforce e) {
            return "enforce " + String.join(",", e.hosts());
        }
        if (d instanceof StsDecision.Testing t) {
            return ("testing " + t.mismatched().stream().collect(Collectors.joining(","))).strip();
        }
        return d instanceof StsDecision.Refuse ? "refuse" : "as usual";
    }
}
