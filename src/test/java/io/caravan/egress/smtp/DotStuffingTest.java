package io.caravan.egress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain                   | a\\r\\nb\\r\\n        | a\\r\\nb\\r\\n",
            "leading dot             | .a\\r\\n             | ..a\\r\\n",
            "lone dot line           | x\\r\\n.\\r\\ny\\r\\n | x\\r\\n..\\r\\ny\\r\\n",
            "dot not at line start   | a.b\\r\\n.\\r\\n      | a.b\\r\\n..\\r\\n",
            "two dots                | ..\\r\\n             | ...\\r\\n",
            "missing final CRLF      | a\\r\\nb             | a\\r\\nb\\r\\n",
            "final CR only           | a\\r                 | a\\r\\n",
            "bare LF line start kept | a\\n.b\\r\\n         | a\\n..b\\r\\n",
    })
    void stuffsOnlyDotsAtLineStart(String name, String in, String expected) {
        assertEquals(unescape(expected), new String(DotStuffing.stuff(bytes(in)), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource({"plain ascii, false", "caf\u00e9, true"})
    void eightBitIsDetected(String text, boolean expected) {
        assertEquals(expected, DotStuffing.eightBit(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static byte[] bytes(String escaped) {
        return unescape(escaped).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
