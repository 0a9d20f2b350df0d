package io.caravan.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.caravan.smtp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookRefusalTest {

    @ParameterizedTest(name = "\"{0}\" -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "550 5.7.1 domain closed | 550 | 5.7.1",
            "451 4.7.1 later         | 451 | 4.7.1",
            "554                     | 554 |",
            "550 4.7.1 wrong class   | 451 | 4.3.0",
            "250 ok                  | 451 | 4.3.0",
            "refused                 | 451 | 4.3.0",
    })
    void theHooksValueBecomesTheAttemptsReply(String value, int code, String enhanced) {
        Reply reply = HookRefusal.of(value, null);
        assertEquals(code, reply.code());
        assertEquals(enhanced, reply.enhanced());
    }

    @Test
    void aMultiLineValueDefersAndNoValueRefusesNothing() {
        assertEquals(451, HookRefusal.of("550 5.7.1 one\r\n550 5.7.1 two", null).code());
        assertNull(HookRefusal.of(null, null));
        assertEquals(Reply.of(451, "4.3.0", "before-delivery hook failed: boom"), HookRefusal.of("550 no", "boom"));
    }
}
