package io.caravan.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderEditTest {

    /** An 8-bit body, and a folded field: neither may change by one octet. */
    private static final byte[] MESSAGE = bytes("Received: from a\r\n\tby b\r\nSubject: hi\r\nX-Tag: old\r\n"
            + "x-tag: older\r\n\r\n\u00e9t\u00e9\r\nX-Tag: in the body\r\n");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(MessageBody body) throws Exception {
        try (InputStream in = body.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "add    | X-Campaign | spring | X-Campaign: spring~Received: from a~\tby b~Subject: hi~X-Tag: old~x-tag: older~",
        "set    | X-Tag      | new    | X-Tag: new~Received: from a~\tby b~Subject: hi~",
        "remove | x-TAG      |        | Received: from a~\tby b~Subject: hi~",
        "set    | Received   | here   | Received: here~Subject: hi~X-Tag: old~x-tag: older~",
    })
    void editsTheHeaderSectionAndNothingElse(String op, String name, String value, String fields) throws Exception {
        MessageBody in = new MessageBody.Bytes(MESSAGE.clone());
        MessageBody out = switch (op) {
            case "add" -> HeaderEdit.add(in, name, value);
            case "set" -> HeaderEdit.set(in, name, value);
            default -> HeaderEdit.remove(in, name);
        };
        assertEquals(fields.replace("~", "\r\n") + "\r\n\u00e9t\u00e9\r\nX-Tag: in the body\r\n", text(out));
    }

    @Test
    void aValueBeyondAsciiIsAnEncodedWord() throws Exception {
        MessageBody out = HeaderEdit.add(new MessageBody.Bytes(bytes("Subject: x\r\n\r\nbody\r\n")), "X-Name", "Zoë");
        assertEquals("X-Name: =?UTF-8?Q?Zo=C3=AB?=\r\nSubject: x\r\n\r\nbody\r\n", text(out));
    }

    @Test
    void aSpooledMessageKeepsItsFileAndGetsANewHead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m");
        Files.write(file, MESSAGE);
        MessageBody out = HeaderEdit.set(new MessageBody.Spooled(file, MESSAGE.length, true), "Subject", "new");
        assertEquals("Subject: new\r\nReceived: from a\r\n\tby b\r\nX-Tag: old\r\nx-tag: older\r\n"
                + "\r\n\u00e9t\u00e9\r\nX-Tag: in the body\r\n", text(out));
        assertArrayEquals(MESSAGE, Files.readAllBytes(file), "the spool file is not rewritten");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"X Tag|v", "X:Tag|v", "X-Tag|line~nbreak", "X-Tag|line~rbreak"})
    void badNamesAndValuesAreRefused(String name, String value) {
        assertThrows(IllegalArgumentException.class,
                () -> HeaderEdit.add(new MessageBody.Bytes(MESSAGE.clone()), name, value.replace("~n", "\n").replace("~r", "\r")));
    }
}
