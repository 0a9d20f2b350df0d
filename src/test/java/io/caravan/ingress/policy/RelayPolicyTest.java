package io.caravan.ingress.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RelayPolicyTest {

    private final RelayPolicy policy = new RelayPolicy(
            new AcceptedDomains(List.of("example.com", ".sub.example.org", "bücher.example")),
            new TrustedNetworks(List.of("192.0.2.0/24", "2001:db8::/32")));

    @ParameterizedTest(name = "{0} auth={1} from {2} -> {3}")
    @CsvSource({
            "bob@example.com,                         false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@Example.COM,                         false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@example.com.,                        false, 198.51.100.7, ACCEPT_LOCAL",
            "postmaster,                              false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@deep.sub.example.org,                false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@sub.example.org,                     false, 198.51.100.7, DENY_RELAY",
            "bob@xn--bcher-kva.example,               false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@bücher.example,                      false, 198.51.100.7, ACCEPT_LOCAL",
            "bob@elsewhere.test,                      false, 198.51.100.7, DENY_RELAY",
            "bob@example.com.elsewhere.test,          false, 198.51.100.7, DENY_RELAY",
            "bob@elsewhere.test,                      true,  198.51.100.7, ACCEPT_RELAY",
            "bob@elsewhere.test,                      false, 192.0.2.44,   ACCEPT_RELAY",
            "bob@elsewhere.test,                      false, ::ffff:192.0.2.44, ACCEPT_RELAY",
            "bob@elsewhere.test,                      false, 2001:db8::25, ACCEPT_RELAY",
            "bob@elsewhere.test,                      false, 2001:db9::25, DENY_RELAY",
            "user%elsewhere.test@example.com,         false, 198.51.100.7, DENY_ROUTING",
            "elsewhere.test!user@example.com,         false, 198.51.100.7, DENY_ROUTING",
            "\"user@elsewhere.test\"@example.com,     false, 198.51.100.7, DENY_ROUTING",
            "\"user\"@example.com,                    false, 198.51.100.7, ACCEPT_LOCAL",
            "'@a.test,@b.test:user@example.com',   false, 198.51.100.7, DENY_ROUTING",
            "@a.test:user@elsewhere.test,             true,  198.51.100.7, DENY_ROUTING",
            "user%elsewhere.test@example.com,         true,  198.51.100.7, ACCEPT_LOCAL",
    })
    void decides(String path, boolean authenticated, String client, RelayPolicy.Verdict expected) throws Exception {
        assertEquals(expected, policy.decide(path, authenticated, InetAddress.getByName(client)));
    }
}
