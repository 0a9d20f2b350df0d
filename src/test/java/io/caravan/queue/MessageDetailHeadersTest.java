package io.caravan.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `queue show`'s header fields, from the broker's BodyPreview as the console's Jolokia gives it. */
class MessageDetailHeadersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Subject: hi~From: <a@b>~~body~Subject: not a header  | Subject: hi;From: <a@b>",
        "Received: from a~\\tby b~Subject: x~~body            | Received: from a by b;Subject: x",
        "Subject: cut by the broker's size li                  | Subject: cut by the broker's size li",
        "~body only                                             | ''",
    })
    void theFieldsBeforeTheBlankLineFoldedLinesJoined(String message, String fields) throws Exception {
        byte[] bytes = message.strip().replace("~", "\r\n").replace("\\t", "\t").getBytes(StandardCharsets.UTF_8);
        StringBuilder array = new StringBuilder("[{\"BodyPreview\":[");
        for (int i = 0; i < bytes.length; i++) {
            array.append(i == 0 ? "" : ",").append(bytes[i]);
        }
        JsonNode browsed = Json.MAPPER.readTree(array.append("]}]").toString());
        List<String> expected = fields.isEmpty() ? List.of() : List.of(fields.strip().split(";"));
        assertEquals(expected, MessageDetail.headerFields(browsed));
    }
}
