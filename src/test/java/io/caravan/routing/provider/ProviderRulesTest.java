package io.caravan.routing.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.caravan.routing.RoutingConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderRulesTest {

    private static final ProviderRules SHIPPED = ProviderRules.load(Path.of("config/providers.yaml"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // MX hosts in preference order (space separated)                      | provider
            "gmail-smtp-in.l.google.com alt1.gmail-smtp-in.l.google.com          | gmail",
            "aspmx.l.google.com. alt1.aspmx.l.google.com.                        | gmail",
            "ASPMX.L.GOOGLE.COM                                                  | gmail",
            "mta5.am0.yahoodns.net mta6.am0.yahoodns.net                         | yahoo",
            "mx-aol.mail.gm0.yahoodns.net                                        | aol",
            "example-com.mail.protection.outlook.com                             | microsoft",
            "hotmail-com.olc.protection.outlook.com                              | microsoft",
            "mx01.mail.icloud.com mx02.mail.icloud.com                           | apple",
            "mx00.emig.gmx.net                                                   | gmx",
            "mx-ha03.web.de                                                      | gmx",
            "mx.yandex.net                                                       | yandex",
            "mxs.mail.ru                                                         | mailru",
            "mx1a1.comcast.net                                                   | comcast",
            "mx.zoho.eu                                                          | zoho",
            "in1-smtp.messagingengine.com                                        | fastmail",
            "mx3.qq.com                                                          | qq",
            "mail.protonmail.ch                                                  | proton",
            "mx1.mailhost.example mx2.mailhost.example                           | mailhost.example",
            "mail.example.co.uk                                                  | example.co.uk",
            "notgoogle.com                                                       | notgoogle.com",
            "mx.self-hosted.example aspmx.l.google.com                           | gmail",
            "127.0.0.5                                                           | 127.0.0.5",
    })
    void recognisesProvidersByMxHostNames(String hosts, String provider) {
        assertEquals(provider, SHIPPED.recognize(List.of(hosts.split(" "))));
    }

    @Test
    void unknownCanBeCalledDefault() {
        ProviderRules rules = ProviderRules.parse("p.yaml", "unknown: default\nproviders:\n  gmail: google.com\n");
        assertEquals("default", rules.recognize(List.of("mx.example.org")));
        assertEquals("gmail", rules.recognize(List.of("aspmx.l.google.com")));
        assertEquals("default", rules.recognize(List.of()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "providers:\\n  a: [x.com]\\n  b: [x.com]              | providers.b[0]: \"x.com\" is already a suffix of a",
            "providers:\\n  a: [not a host]                       | providers.a[0]: not a host name suffix",
            "providers:\\n  a: []                                 | providers.a: no MX host suffix given",
            "unknown: sometimes\\nproviders: {}                   | unknown: expected mx-domain or default",
            "provders:\\n  a: [x.com]                             | provders: unknown key",
            "providers: [1, 2]                                    | providers: expected a mapping",
    })
    void badRulesNameFileAndPath(String yaml, String problem) {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> ProviderRules.parse("config/providers.yaml", yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("config/providers.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
