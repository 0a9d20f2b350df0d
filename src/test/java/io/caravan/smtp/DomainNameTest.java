package io.caravan.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNameTest {

    /** "-" stands for no normal form: the name must be refused. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "example.net                       | example.net",
            "EXAMPLE.Net                       | example.net",
            "example.net.                      | example.net",
            "' example.net '                   | example.net",
            "ｅｘａｍｐｌｅ.net                 | example.net",
            "ＥＸＡＭＰＬＥ．ＮＥＴ             | example.net",
            "example。net                      | example.net",
            "exa\u200Bmple.net                 | example.net",
            "bücher.example                    | xn--bcher-kva.example",
            "BÜCHER.example                    | xn--bcher-kva.example",
            "ｂüｃｈｅｒ.example                | xn--bcher-kva.example",
            "xn--bcher-kva.example             | xn--bcher-kva.example",
            "XN--BCHER-KVA.Example             | xn--bcher-kva.example",
            "straße.example                    | strasse.example",
            "еxample.net                       | xn--xample-2of.net",
            "xn--example-.net                  | -",
            "xn--.net                          | -",
            "xn--a.net                         | -",
            "exa\u0000mple.net                 | -",
            "''                                | -",
            ".                                 | -",
            "a..example                        | -",
            "exa mple.net                      | -",
            "_dmarc.example.net                | _dmarc.example.net",
    })
    void normalForms(String name, String expected) {
        String normal = DomainName.normalForm(name);
        assertEquals(expected, normal == null ? "-" : normal);
    }
}
