package io.caravan.ingress.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivilegedHeadersTest {

    private static final String BODY = "\\r\\nbody\\r\\nX-Caravan-Class: bulk\\r\\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "stranger: removed          | false | X-Caravan-Class: executive\\r\\nSubject: s\\r\\n | Subject: s\\r\\n",
            "privileged: kept           | true  | X-Caravan-Class: executive\\r\\nSubject: s\\r\\n | X-Caravan-Class: executive\\r\\nSubject: s\\r\\n",
            "any case of the name       | false | x-caravan-CLASS: executive\\r\\nSubject: s\\r\\n | Subject: s\\r\\n",
            "every copy of the field    | false | X-Caravan-Class: a\\r\\nSubject: s\\r\\nX-Caravan-Class: b\\r\\n | Subject: s\\r\\n",
            "folded value goes whole    | false | Subject: s\\r\\nX-Caravan-Class:\\r\\n executive\\r\\nTo: t\\r\\n | Subject: s\\r\\nTo: t\\r\\n",
            "other fields untouched     | false | Subject: s\\r\\nX-Caravan-Classy: no\\r\\n | Subject: s\\r\\nX-Caravan-Classy: no\\r\\n",
            "the body is not a header   | false | Subject: s\\r\\n | Subject: s\\r\\n",
    })
    void onlyPrivilegedClientsKeepTheField(String name, boolean privileged, String header, String expected) {
        PrivilegedHeaders rule = new PrivilegedHeaders(List.of("X-Caravan-Class"));
        assertEquals(text(expected + BODY), new String(rule.apply(bytes(header + BODY), privileged),
                StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void noFieldsMeansEverythingIsKept(boolean privileged) {
        byte[] message = bytes("X-Caravan-Class: executive\\r\\n" + BODY);
        assertEquals(text("X-Caravan-Class: executive\\r\\n" + BODY),
                new String(new PrivilegedHeaders(List.of()).apply(message, privileged), StandardCharsets.ISO_8859_1));
    }

    private static byte[] bytes(String escaped) {
        return text(escaped).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n");
    }
}
