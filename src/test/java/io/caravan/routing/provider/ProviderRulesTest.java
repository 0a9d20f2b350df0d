package io.caravan.routing.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.caravan.config.ConfigException;
import io.caravan.config.Mention;
import io.caravan.config.ConfigFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Recognition by the shipped config/providers.yaml, and the file's checks. */
class ProviderRulesTest {

    private static final ProviderRules SHIPPED = ProviderRules.load(Path.of("config/providers.yaml"));

    @ParameterizedTest(name = "{1} via MX {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // MX hosts in preference order (space separated)             | recipient domain   | provider
            "gmail-smtp-in.l.google.com alt1.gmail-smtp-in.l.google.com | gmail.com          | gmail",
            "aspmx.l.google.com. alt1.aspmx.l.google.com.               | customer.example   | gmail",
            "ASPMX.L.GOOGLE.COM                                         | customer.example   | gmail",
            "mta5.am0.yahoodns.net mta6.am0.yahoodns.net                | yahoo.com          | yahoo",
            "mx-aol.mail.gm0.yahoodns.net                               | aol.com            | yahoo",
            "example-com.mail.protection.outlook.com                    | example.com        | microsoft",
            "hotmail-com.olc.protection.outlook.com                     | hotmail.com        | microsoft",
            "mx01.mail.icloud.com mx02.mail.icloud.com                  | icloud.com         | icloud",
            "mx00.emig.gmx.net                                          | gmx.net            | gmx",
            "mx-ha03.web.de                                             | web.de             | gmx",
            "mx.yandex.net                                              | yandex.ru          | yandex",
            "mxs.mail.ru                                                | mail.ru            | mailru",
            "mx1a1.comcast.net                                          | comcast.net        | comcast",
            "mx.zoho.eu                                                 | shop.example       | zoho",
            "in1-smtp.messagingengine.com                               | fastmail.com       | fastmail",
            "mx3.qq.com                                                 | qq.com             | qq",
            "mail.protonmail.ch                                         | proton.me          | proton",
            "mx.self-hosted.example aspmx.l.google.com                  | self-hosted.example | gmail",
            // the MX hosts win over the domain: they are whose servers receive the mail
            "mta5.am0.yahoodns.net                                      | gmail.com          | yahoo",
            // MX hosts no rule claims: the domain decides
            "mx.self-hosted.example                                     | gmail.com          | gmail",
            "mx1.mailhost.example mx2.mailhost.example                  | a.example          | mailhost.example",
            "mail.example.co.uk                                         | example.co.uk      | example.co.uk",
            "notgoogle.com                                              | notgoogle.com      | notgoogle.com",
            "127.0.0.5                                                  | b.example          | 127.0.0.5",
    })
    void recognisesByMxHostsThenDomain(String hosts, String domain, String provider) {
        assertEquals(provider, SHIPPED.recognizeByMx(domain, List.of(hosts.split(" "))));
    }

    @ParameterizedTest(name = "{1} via chosen host {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // host the transport map chose (literal, relay, smarthost) | recipient domain | provider
            "192.0.2.1                                                  | gmail.com        | gmail",
            "192.0.2.1                                                  | GoogleMail.com.  | gmail",
            "smarthost.isp.example                                      | aol.com          | yahoo",
            "smarthost.isp.example                                      | aim.com          | yahoo",
            "smarthost.isp.example                                      | hotmail.com      | microsoft",
            "smarthost.isp.example                                      | me.com           | icloud",
            "smarthost.isp.example                                      | mac.com          | icloud",
            "smarthost.isp.example                                      | icloud.com       | icloud",
            // domains match exactly, not below them
            "smarthost.isp.example                                      | mail.gmail.com   | isp.example",
            // a chosen host that is a provider's counts when the domain says nothing
            "aspmx.l.google.com                                         | corp.example     | gmail",
            "smarthost.isp.example                                      | unknown.example  | isp.example",
            "192.0.2.1                                                  | unknown.example  | 192.0.2.1",
    })
    void recognisesChosenHostsByDomainThenHosts(String host, String domain, String provider) {
        assertEquals(provider, SHIPPED.recognizeByDomain(domain, List.of(host)));
    }

    @Test
    void unknownCanBeCalledDefault() {
        ProviderRules rules = ProviderRules.parse("p.yaml", """
                unknown: default
                providers:
                  gmail: {mx-suffixes: [google.com], domains: [gmail.com]}
                """);
        assertEquals("default", rules.recognizeByMx("example.org", List.of("mx.example.org")));
        assertEquals("gmail", rules.recognizeByMx("example.org", List.of("aspmx.l.google.com")));
        assertEquals("default", rules.recognizeByDomain("example.org", List.of("192.0.2.1")));
        assertEquals("gmail", rules.recognizeByDomain("gmail.com", List.of("192.0.2.1")));
        assertEquals("default", rules.recognizeByMx("example.org", List.of()));
    }

    @Test
    void namesAreListedInFileOrder() {
        assertEquals(List.of("gmail", "yahoo"), ProviderRules.parse("p.yaml", """
                providers:
                  gmail: {domains: [gmail.com]}
                  yahoo: {mx-suffixes: [yahoodns.net]}
                """).names());
    }

    @Test
    void namesNotInTheTableAreRefusedWithFileAndLine() {
        ProviderRules rules = ProviderRules.parse("/etc/caravan/providers.yaml", """
                providers:
                  gmail: {domains: [gmail.com]}
                  yahoo: {domains: [yahoo.com]}
                """);
        assertDoesNotThrow(() -> rules.requireKnown(
                List.of(new Mention("gmail", "shaping.yaml", 30), new Mention("yahoo", "responses.yaml", 9))));
        ConfigException e = assertThrows(ConfigException.class, () -> rules.requireKnown(List.of(
                new Mention("gmail", "shaping.yaml", 30), new Mention("icloud", "/etc/caravan/responses.yaml", 57),
                new Mention("aol", "shaping.yaml", 0))));
        assertEquals("/etc/caravan/responses.yaml:57: provider 'icloud' is not in providers.yaml; "
                + "shaping.yaml: provider 'aol' is not in providers.yaml (known: gmail, yahoo)", e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "providers:\\n  a: {mx-suffixes: [x.com]}\\n  b: {mx-suffixes: [x.com]} | providers.b.mx-suffixes[0]: \"x.com\" is already an MX suffix of a",
            "providers:\\n  a: {domains: [x.com]}\\n  b: {domains: [x.com]}         | providers.b.domains[0]: \"x.com\" is already a domain of a",
            "providers:\\n  a: {mx-suffixes: [not a host]}                       | providers.a.mx-suffixes[0]: not a host name",
            "providers:\\n  a: {domains: [localhost]}                            | providers.a.domains[0]: not a host name",
            "providers:\\n  a: {mx-suffixes: [], domains: []}                    | providers.a: neither mx-suffixes nor domains given",
            "providers:\\n  a: [x.com]                                           | providers.a: expected a mapping with mx-suffixes and domains",
            "providers:\\n  a: {mx_suffixes: [x.com]}                            | providers.a.mx_suffixes: unknown key",
            "providers:\\n  Gmail: {domains: [gmail.com]}                        | providers.Gmail: not a provider name",
            "providers:\\n  default: {domains: [x.com]}                          | providers.default: not a provider name",
            "providers:\\n  mail.example: {domains: [x.com]}                     | providers.mail.example: not a provider name",
            "unknown: sometimes\\nproviders: {}                                  | unknown: expected mx-domain or default",
            "provders:\\n  a: [x.com]                                            | provders: unknown key",
            "providers: [1, 2]                                                   | providers: expected a mapping",
    })
    void badRulesNameFileAndPath(String yaml, String problem) {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ProviderRules.parse("config/providers.yaml", yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("config/providers.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
