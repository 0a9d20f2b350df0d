package io.caravan.routing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.TableSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportMapTest {

    private static final String TABLE = """
            # Caravan transport table
            example.com        smtp:[10.0.0.1]:2525
            .example.com       relay:gateway.example.net

            sub.example.com    smtp:
            partner.org        smtp:mx.partner-mail.net:587
            legacy.org         :[192.0.2.7]
            v6.org             smtp:[ipv6:2001:db8::25]:26
            blocked.test       error:5.7.1 Mail for this domain
               is not accepted here
            plain-error.test   error:
            later.test         retry:4.3.2 maintenance window
            soft.test          error:4.4.1 try again later
            spam.test          discard:
            quarantine.test    hold:manual review
            UPPER.Test         smtp:[MX.Upper.Test]
            *                  smtp:
            """;

    private final TransportMap map = TransportMap.parse("config/transport", TABLE);

    /** A next hop as a routing hook names it: a table value, with smtp: taken when no transport is named. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[10.0.0.1]:2525 |          smtp:[10.0.0.1]:2525",
            "relay.example.net:587 |    smtp:relay.example.net:587",
            "Relay.Example.NET |        smtp:relay.example.net",
            "relay:[ipv6:2001:db8::1] | relay:[2001:db8::1]",
            "smtp:mx.example.org |      smtp:mx.example.org",
            "'[10.0.0.1' |              missing ] in nexthop [10.0.0.1",
            "host:99999 |               port out of range in nexthop host:99999",
            "bad host |                 bad host in nexthop bad host",
            "smtp: |                    no host",
    })
    void aNextHopForTheRoutingHook(String value, String expected) {
        String got;
        try {
            got = TransportMap.nextHop(value).nexthop();
        } catch (IllegalArgumentException e) {
            got = e.getMessage();
        }
        assertEquals(expected, got);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // domain |             expected
            "example.com |           Deliver[name=smtp, host=10.0.0.1, port=2525, mxLookup=false]",
            "a.example.com |         Deliver[name=relay, host=gateway.example.net, port=25, mxLookup=true]",
            "deep.a.example.com |    Deliver[name=relay, host=gateway.example.net, port=25, mxLookup=true]",
            "sub.example.com |       Deliver[name=smtp, host=sub.example.com, port=25, mxLookup=true]",
            "x.sub.example.com |     Deliver[name=relay, host=gateway.example.net, port=25, mxLookup=true]",
            "partner.org |           Deliver[name=smtp, host=mx.partner-mail.net, port=587, mxLookup=true]",
            "legacy.org |            Deliver[name=smtp, host=192.0.2.7, port=25, mxLookup=false]",
            "v6.org |                Deliver[name=smtp, host=2001:db8::25, port=26, mxLookup=false]",
            "blocked.test |          Bounce[status=5.7.1, text=Mail for this domain is not accepted here]",
            "plain-error.test |      Bounce[status=5.0.0, text=Delivery to this domain is not permitted]",
            "later.test |            Defer[status=4.3.2, text=maintenance window]",
            "soft.test |             Defer[status=4.4.1, text=try again later]",
            "spam.test |             Discard[text=discarded by the transport table]",
            "quarantine.test |       Hold[text=manual review]",
            "upper.test |            Deliver[name=smtp, host=mx.upper.test, port=25, mxLookup=false]",
            "Upper.TEST. |           Deliver[name=smtp, host=mx.upper.test, port=25, mxLookup=false]",
            "elsewhere.net |         Deliver[name=smtp, host=elsewhere.net, port=25, mxLookup=true]",
    })
    void looksUpWithPostfixPrecedence(String domain, String expected) {
        assertEquals(expected, map.lookup(domain).toString());
    }

    @Test
    void withoutAStarEntryUnknownDomainsGoToTheirMx() {
        TransportMap noDefault = TransportMap.parse("t", "example.com smtp:[10.0.0.1]\n");
        assertEquals(new Transport.Deliver("smtp", "other.net", 25, true), noDefault.lookup("other.net"));
        assertTrue(noDefault.find("other.net").isEmpty());
    }

    @Test
    void parentPatternDoesNotMatchTheParentItself() {
        TransportMap parentOnly = TransportMap.parse("t", ".example.com smtp:[10.0.0.1]\n");
        assertEquals(new Transport.Deliver("smtp", "example.com", 25, true), parentOnly.lookup("example.com"));
        assertEquals(new Transport.Deliver("smtp", "10.0.0.1", 25, false), parentOnly.lookup("a.example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "smtp:[10.0.0.1]:2525 | smtp:[10.0.0.1]:2525",
            "relay:gw.example.net | relay:gw.example.net",
            "smtp:                | smtp:",
            "smtp:mx.example:587  | smtp:mx.example:587",
    })
    void nexthopRoundTripsToPostfixSyntax(String written, String nexthop) {
        Transport.Deliver d = (Transport.Deliver) TransportMap.parseValue("t", 1, written);
        assertEquals(nexthop, d.nexthop());
    }

    @ParameterizedTest(name = "line {1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "example.com smtp:[10.0.0.1]\\nbad.com                          | 2 | expected \"key value\"",
            "example.com smtp:[10.0.0.1]\\n\\nbad.com lmtp:unix:/x           | 3 | unknown transport \"lmtp\"",
            "# c\\nbad.com smtp:[10.0.0.1:25                                 | 2 | missing ]",
            "bad.com smtp:[10.0.0.1]:99999                                   | 1 | port out of range",
            "bad.com smtp:host:port                                          | 1 | bad port",
            "bad.com smtp:bad_host!                                          | 1 | bad host",
            "bad.com nocolon                                                 | 1 | expected transport:nexthop",
            "user@bad.com smtp:                                              | 1 | address patterns",
            "a.com smtp:\\nA.com relay:                                      | 2 | duplicate pattern",
            "'   smtp:[10.0.0.1]'                                            | 1 | continuation line",
            "a.com retry:5.1.1 no                                            | 1 | needs a 4.x.y",
            "a..com smtp:                                                    | 1 | bad pattern",
    })
    void malformedLineIsAnErrorNamingItsLine(String table, int line, String problem) {
        TableSyntaxException e = assertThrows(TableSyntaxException.class,
                () -> TransportMap.parse("config/transport", table.replace("\\n", "\n")));
        assertEquals(line, e.line());
        assertTrue(e.getMessage().startsWith("config/transport:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
