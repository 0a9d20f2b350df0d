package io.caravan.egress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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
            "empty                   | ''                   | ''",
            "bare LF becomes CRLF    | a\\nb\\r\\n          | a\\r\\nb\\r\\n",
            "bare CR becomes CRLF    | a\\rb\\r\\n          | a\\r\\nb\\r\\n",
            "LF dot after bare LF    | a\\n.b\\r\\n         | a\\r\\n..b\\r\\n",
            "smuggle LF.LF           | a\\n.\\nb\\r\\n       | a\\r\\n..\\r\\nb\\r\\n",
            "smuggle LF.CRLF         | a\\n.\\r\\nb\\r\\n    | a\\r\\n..\\r\\nb\\r\\n",
            "smuggle CRLF.LF         | a\\r\\n.\\nb\\r\\n    | a\\r\\n..\\r\\nb\\r\\n",
            "smuggle CR.CRLF         | a\\r.\\r\\nb\\r\\n    | a\\r\\n..\\r\\nb\\r\\n",
            "smuggle CRLF.CR         | a\\r\\n.\\rb\\r\\n    | a\\r\\n..\\r\\nb\\r\\n",
            "smuggle CR.CR           | a\\r.\\rb            | a\\r\\n..\\r\\nb\\r\\n",
            "CR CR LF                | a\\r\\r\\nb           | a\\r\\n\\r\\nb\\r\\n",
            "LF first                | \\n.\\r\\n            | \\r\\n..\\r\\n",
            "dot first then bare LF  | .\\n                 | ..\\r\\n",
            "NUL dot is not a dot    | a\\r\\n\\0.\\r\\n       | a\\r\\n\\0.\\r\\n",
    })
    void stuffsEveryDotThatStartsALine(String name, String in, String expected) {
        assertEquals(unescape(expected), new String(DotStuffing.stuff(bytes(in)), StandardCharsets.ISO_8859_1));
    }

    @Test
    void cleanMailIsSentAsStoredWithoutACopy() {
        byte[] clean = bytes("Subject: s\\r\\n\\r\\nbody . with dots.\\r\\n");
        assertSame(clean, DotStuffing.stuff(clean));
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
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
    }
}
