package io.caravan.ingress.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CidrTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.255.1.2,        true",
            "10.0.0.0/8,        11.0.0.1,          false",
            "192.0.2.128/25,    192.0.2.129,       true",
            "192.0.2.128/25,    192.0.2.127,       false",
            "192.0.2.1,         192.0.2.1,         true",
            "192.0.2.1,         192.0.2.2,         false",
            "0.0.0.0/0,         203.0.113.9,       true",
            "127.0.0.0/8,       ::ffff:127.0.0.1,  true",
            "2001:db8::/32,     2001:db8:ffff::1,  true",
            "2001:db8::/32,     2001:db9::1,       false",
            "2001:db8::/32,     192.0.2.1,         false",
            "::1/128,           ::1,               true",
    })
    void matches(String cidr, String address, boolean expected) throws Exception {
        assertEquals(expected, Cidr.parse(cidr).contains(InetAddress.getByName(address)));
    }
}
