package io.caravan.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Relaxed canonicalisation, with the examples of RFC 6376 §3.4.5 among the rows. */
class CanonicalTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("A: X", "a:X"),
                Arguments.of("B : Y\t\r\n\tZ  ", "b:Y Z"),
                Arguments.of("SUBJect:   many   spaces  ", "subject:many spaces"),
                Arguments.of("X-Empty:", "x-empty:"),
                Arguments.of("X-Tabs:\ta\t\tb\t", "x-tabs:a b"));
    }

    @ParameterizedTest
    @MethodSource
    void headers(String field, String canonical) {
        assertEquals(canonical + "\r\n", Canonical.header(field));
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(" C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n"),
                Arguments.of("no final CRLF", "no final CRLF\r\n"),
                Arguments.of("", ""),
                Arguments.of("\r\n\r\n", ""),
                Arguments.of("a\r\n \t\r\nb\r\n", "a\r\n\r\nb\r\n"),
                Arguments.of("bare\rCR and bare\nLF\r\n", "bare\rCR and bare\nLF\r\n"),
                Arguments.of("ends in CR\r", "ends in CR\r\r\n"));
    }

    @ParameterizedTest
    @MethodSource
    void bodies(String body, String canonical) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonical.Body c = new Canonical.Body(out);
        c.write(body.getBytes(StandardCharsets.ISO_8859_1));
        c.finish();
        assertEquals(canonical, out.toString(StandardCharsets.ISO_8859_1));
    }
}
