package io.caravan.ingress.guard;

import io.caravan.ingress.policy.Cidr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small languages of the DNSBL configuration: sites, networks, query names. */
class DnsblSyntaxTest {

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource(delimiter = '|', textBlock = """
            zen.spamhaus.org*3                          | 127.0.0.2       | zen.spamhaus.org | 3  | true
            zen.spamhaus.org*3                          | 127.255.255.254 | zen.spamhaus.org | 3  | true
            zen.spamhaus.org*3                          | 192.0.2.1       | zen.spamhaus.org | 3  | false
            zen.spamhaus.org=127.0.0.[2..11]*3          | 127.255.255.254 | zen.spamhaus.org | 3  | false
            zen.spamhaus.org=127.0.0.[2..11]*3          | 127.0.0.4       | zen.spamhaus.org | 3  | true
            list.dnswl.org=127.0.[0..255].[1..3]*-2     | 127.0.10.2      | list.dnswl.org   | -2 | true
            list.dnswl.org=127.0.[0..255].[1..3]*-2     | 127.0.10.0      | list.dnswl.org   | -2 | false
            bl.example.=127.0.0.[2;4;8]                 | 127.0.0.4       | bl.example       | 1  | true
            bl.example.=127.0.0.[2;4;8]                 | 127.0.0.3       | bl.example       | 1  | false
            B.Barracudacentral.ORG=127.0.0.2            | 127.0.0.2       | b.barracudacentral.org | 1 | true
            """)
    void sitesParseLikePostscreen(String text, String answer, String zone, int weight, boolean matches)
            throws Exception {
        DnsblSite site = DnsblSite.parse(text);
        assertEquals(zone, site.zone());
        assertEquals(weight, site.weight());
        assertEquals(matches, site.matches(InetAddress.getByName(answer)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*3", "bl.example=127.0.0", "bl.example=127.0.0.[1..", "bl.example=127.0.0.256",
            "bl.example*x", "bl example"})
    void badSitesAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> DnsblSite.parse(text));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "192.0.2.0/24,   192.0.2.200,  true",
            "192.0.2.0/24,   192.0.3.1,    false",
            "10.0.0.0/8,     10.255.0.1,   true",
            "192.0.2.7,      192.0.2.7,    true",
            "192.0.2.7,      192.0.2.8,    false",
            "0.0.0.0/0,      203.0.113.1,  true",
            "0.0.0.0/0,      2001:db8::1,  false",
            "2001:db8::/32,  2001:db8:ffff::1, true",
            "2001:db8::/32,  2001:db9::1,  false",
            "fc00::/7,       fd12::1,      true",
            "::1/128,        127.0.0.1,    false",
    })
    void networksContainTheirAddresses(String network, String address, boolean expected) throws Exception {
        assertEquals(expected, Cidr.parse(network).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "example.com", "2001:db8::/129", "192.0.2.0/x"})
    void badNetworksAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "192.0.2.99,  bl.test, 99.2.0.192.bl.test.",
            "127.0.0.2,   zen.spamhaus.org, 2.0.0.127.zen.spamhaus.org.",
            "2001:db8::1, bl.test, 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test.",
            "2001:DB8:1:2:3:4:5:abcd, bl.test, d.c.b.a.5.0.0.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.test.",
    })
    void queryNamesAreReversedOctetsOrNibbles(String client, String zone, String expected) throws Exception {
        assertEquals(expected, DnsblQueryNames.of(InetAddress.getByName(client), zone));
    }
}
