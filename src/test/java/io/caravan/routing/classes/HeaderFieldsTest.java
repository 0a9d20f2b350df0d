package io.caravan.routing.classes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderFieldsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // message (\r \n written as \\r \\n)                                                   | expected after removal
            "'From: a@b\\r\\nX-Caravan-Class: bulk\\r\\nTo: c@d\\r\\n\\r\\nbody\\r\\n'                 | 'From: a@b\\r\\nTo: c@d\\r\\n\\r\\nbody\\r\\n'",
            "'X-Caravan-Class: bulk\\r\\nFrom: a@b\\r\\n\\r\\nbody'                                     | 'From: a@b\\r\\n\\r\\nbody'",
            "'From: a@b\\r\\nx-caravan-class:\\r\\n  bulk\\r\\n\\tmore\\r\\nTo: c@d\\r\\n\\r\\nX-Caravan-Class: body\\r\\n' | 'From: a@b\\r\\nTo: c@d\\r\\n\\r\\nX-Caravan-Class: body\\r\\n'",
            "'From: a@b\\nX-Caravan-Class: bulk\\nTo: c@d\\n\\nbody\\n'                                   | 'From: a@b\\nTo: c@d\\n\\nbody\\n'",
            "'X-Caravan-Class: a\\r\\nX-Caravan-Class: b\\r\\nSubject: s\\r\\n\\r\\n'                    | 'Subject: s\\r\\n\\r\\n'",
            "'From: a@b\\r\\nX-Caravan-Class: bulk'                                                    | 'From: a@b\\r\\n'",
            "'From: a@b\\r\\nX-Caravan-Classic: keep\\r\\n\\r\\n'                                       | 'From: a@b\\r\\nX-Caravan-Classic: keep\\r\\n\\r\\n'",
    })
    void removesTheFieldAndKeepsEveryOtherByte(String message, String expected) {
        byte[] in = bytes(unescape(message));
        assertArrayEquals(bytes(unescape(expected)), HeaderFields.remove(in, "X-Caravan-Class"));
    }

    @Test
    void keepsNonAsciiAndOddBytesOutsideTheRemovedField() {
        byte[] in = {'S', 'u', 'b', 'j', ':', ' ', (byte) 0xC3, (byte) 0xA9, '\r', '\n',
                'X', '-', 'C', 'a', 'r', 'a', 'v', 'a', 'n', '-', 'C', 'l', 'a', 's', 's', ':', 'b', '\r', '\n',
                '\r', '\n', (byte) 0xFF, 0, '\n', '.', '\r', '\n'};
        byte[] expected = {'S', 'u', 'b', 'j', ':', ' ', (byte) 0xC3, (byte) 0xA9, '\r', '\n',
                '\r', '\n', (byte) 0xFF, 0, '\n', '.', '\r', '\n'};
        assertArrayEquals(expected, HeaderFields.remove(in, "x-caravan-class"));
    }

    @Test
    void returnsTheSameBytesWhenThereIsNothingToRemove() {
        byte[] in = bytes("From: a@b\r\n\r\nX-Caravan-Class: bulk\r\n");
        assertSame(in, HeaderFields.remove(in, "X-Caravan-Class"));
    }

    @Test
    void unfoldsValuesAndStopsAtTheBlankLine() {
        HeaderFields h = HeaderFields.parse(bytes("Subject: one\r\n two\r\nFrom x\r\nList-Id: <l>\r\n\r\nPrecedence: bulk\r\n"));
        assertEquals("one two", h.first("subject").orElseThrow());
        assertEquals(List.of("Subject", "List-Id"), h.all().stream().map(HeaderFields.Field::name).toList());
        assertEquals(false, h.has("Precedence"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Subject: plain\\r\\n\\r\\nbody                | plain
            Subject: bare lf\\n\\nbody                   | bare lf
            Subject:   padded  \\r\\n\\r\\n               | padded
            Subject: folded\\r\\n\\tonce\\r\\n\\r\\n          | folded\\tonce
            Subject: folded\\n lf\\n\\n                   | folded lf
            Subject: no line end                        | no line end
            Subject: lone cr\\r\\r\\n\\r\\n                 | lone cr
            Subject:\\r\\n\\r\\n                           | ''
            """)
    void valueIsUnfoldedWithoutItsLineEnd(String message, String value) {
        assertEquals(unescape(value), HeaderFields.parse(bytes(unescape(message))).first("Subject").orElseThrow());
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }
}
