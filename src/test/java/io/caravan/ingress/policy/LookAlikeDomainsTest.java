package io.caravan.ingress.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.routing.transport.TransportMap;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A spelling of an accepted domain is either that domain, for the relay decision and the transport
 * map alike, or refused; it never is accepted as ours and then routed by the {@code *} entry.
 */
class LookAlikeDomainsTest {

    private static final InetAddress TRUSTED = address("192.0.2.1");
    private static final InetAddress STRANGER = address("198.51.100.7");

    private final RelayPolicy policy = new RelayPolicy(new AcceptedDomains(List.of("example.net", "bücher.example",
            "xn--mnchen-3ya.example")), new TrustedNetworks(List.of("192.0.2.0/24")));
    private final TransportMap transport = TransportMap.parse("transport", """
            example.net            smtp:[10.0.0.1]:2525
            xn--bcher-kva.example  smtp:[10.0.0.2]:2525
            xn--mnchen-3ya.example smtp:[10.0.0.3]:2525
            *                      relay:[203.0.113.9]
            """);

    @ParameterizedTest(name = "{0}: stranger {1}, trusted {2}, route {3}")
    @CsvSource(delimiter = '|', value = {
            // spelling               | from a stranger | from a trusted net | next hop
            "example.net              | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "EXAMPLE.NET              | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "ｅｘａｍｐｌｅ.ｎｅｔ       | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "example．net             | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "exa\u200Bmple.net        | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "example.net.             | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.1",
            "bücher.example           | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.2",
            "BÜCHER.example           | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.2",
            "xn--bcher-kva.example    | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.2",
            "XN--BCHER-KVA.EXAMPLE    | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.2",
            "münchen.example          | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.3",
            "xn--mnchen-3ya.example   | ACCEPT_LOCAL    | ACCEPT_LOCAL    | 10.0.0.3",
            "xn--example-.net         | DENY_BAD_DOMAIN | DENY_BAD_DOMAIN | -",
            "xn--bcher-kvaxx.example  | DENY_BAD_DOMAIN | DENY_BAD_DOMAIN | -",
            // a different name in DNS (Cyrillic е): not ours, relayed only for the trusted, by '*'
            "еxample.net              | DENY_RELAY      | ACCEPT_RELAY    | 203.0.113.9",
    })
    void aSpellingIsTheDomainOrRefused(String domain, RelayPolicy.Verdict stranger, RelayPolicy.Verdict trusted,
            String nexthop) {
        assertEquals(stranger, policy.decide("bob@" + domain, false, STRANGER));
        assertEquals(trusted, policy.decide("bob@" + domain, false, TRUSTED));
        if (trusted.accepted()) {
            assertEquals(nexthop, transport.lookup(domain).toString().replaceAll(".*host=([^,]*),.*", "$1"));
        }
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
