package io.caravan.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a reply names the address the source sent from, as a whole address. */
class SourceAddressTest {

    @ParameterizedTest(name = "{0} in \"{1}\": {2}")
    @CsvSource(delimiterString = " | ", value = {
        "192.0.2.10 | Messages from 192.0.2.10 temporarily deferred | true",
        "192.0.2.10 | Client host [192.0.2.10] blocked | true",
        "192.0.2.10 | Your IP(192.0.2.10) is filtered | true",
        "192.0.2.10 | Connections will not be accepted from 192.0.2.10, | true",
        "192.0.2.10 | https://www.spamcop.net/bl.shtml?192.0.2.10 | true",
        "192.0.2.1 | Messages from 192.0.2.10 temporarily deferred | false",
        "192.0.2.10 | Messages from 192.0.2.100 temporarily deferred | false",
        "92.0.2.10 | Messages from 192.0.2.10 temporarily deferred | false",
        "192.0.2.10 | version 192.0.2.10.5 | false",
        "2001:db8::1 | The mail server [2001:DB8::1] has been rate limited | true",
        "2001:db8::1 | The mail server [2001:db8::1f] has been rate limited | false",
        "192.0.2.10 | Service unavailable | false",
    })
    void namedAsAWholeAddress(String address, String text, boolean named) {
        assertEquals(named, SourceAddress.named(text, address));
    }
}
