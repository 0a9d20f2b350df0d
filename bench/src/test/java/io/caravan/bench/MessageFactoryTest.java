package io.caravan.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageFactoryTest {

    @ParameterizedTest
    @CsvSource({"1024", "5120", "5121", "65536"})
    void messagesHaveTheRequestedSizeAndCarryTheirId(int size) {
        byte[] raw = new MessageFactory("run1", size).build(42);
        assertEquals(size, raw.length);
        String text = new String(raw, StandardCharsets.US_ASCII);
        assertTrue(text.contains("\r\nX-Bench-Id: run1.42\r\n"));
        assertTrue(text.contains("\r\nMessage-ID: <run1.42@bench.caravan.test>\r\n"));
    }

    @ParameterizedTest
    @CsvSource({"sink@open.bench.test", "sink@throttled.bench.test"})
    void aMessageIsAddressedToItsFactorysRecipient(String recipient) {
        MessageFactory f = new MessageFactory("run2", 2048, recipient);
        assertEquals(recipient, f.recipient());
        assertTrue(new String(f.build(1), StandardCharsets.US_ASCII).contains("\r\nTo: <" + recipient + ">\r\n"));
        assertEquals(MessageFactory.RECIPIENT, new MessageFactory("run3", 2048).recipient());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Subject: x/X-Bench-Id: a.1/Message-ID: <b.2@h>/; a.1",
        "Subject: x/Message-ID: <b.2@h>/; b.2",
        "Received: from x/message-id: <c.3@h>/; c.3",
        "Subject: none/; ",
    })
    void theSinkFindsTheBenchIdInTheHeaders(String lines, String expected) {
        // '/' stands for the line break; CRLF and bare LF must both work
        assertEquals(expected, MessageFactory.idFromHeaders(lines.replace("/", "\r\n")));
        assertEquals(expected, MessageFactory.idFromHeaders(lines.replace("/", "\n")));
    }
}
