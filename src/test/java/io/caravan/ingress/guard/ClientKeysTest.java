package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientKeysTest {

    @ParameterizedTest
    @CsvSource({
            "64,  192.0.2.7,                 192.0.2.7",
            "64,  2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2::",
            "48,  2001:db8:1:2:aaaa::1,      2001:db8:1::",
            "128, 2001:db8::1,               2001:db8::1",
            "60,  2001:db8:0:ffff::1,        2001:db8:0:fff0::",
    })
    void ipv6ClientsAreCountedPerPrefix(int prefix, String client, String expected) throws Exception {
        assertEquals(InetAddress.getByName(expected),
                new ClientKeys(prefix).keyOf(InetAddress.getByName(client)));
    }
}
