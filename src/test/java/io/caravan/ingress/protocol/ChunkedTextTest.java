package io.caravan.ingress.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DATA's line rules over BDAT chunks; chunks are separated by '|' in the table, \r and \n are escapes. */
class ChunkedTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "plain lines                ; a\\r\\nb\\r\\n              ; NONE",
            "no final CRLF              ; a\\r\\nb                   ; NONE",
            "CRLF split across chunks   ; a\\r|\\nb\\r\\n            ; NONE",
            "CRLF dot CRLF is content   ; a\\r\\n.\\r\\nb\\r\\n       ; NONE",
            "empty chunks between       ; a\\r||\\n                  ; NONE",
            "bare LF                    ; a\\nb\\r\\n                ; BARE_LINE_ENDING",
            "bare CR                    ; a\\rb\\r\\n                ; BARE_LINE_ENDING",
            "LF dot LF                  ; a\\n.\\nb                  ; BARE_LINE_ENDING",
            "LF dot CRLF                ; a\\n.\\r\\nb               ; BARE_LINE_ENDING",
            "CRLF dot LF                ; a\\r\\n.\\nb               ; BARE_LINE_ENDING",
            "CR dot CRLF                ; a\\r.\\r\\nb               ; BARE_LINE_ENDING",
            "CRLF dot CR                ; a\\r\\n.\\rb               ; BARE_LINE_ENDING",
            "CR CR LF                   ; a\\r\\r\\n                 ; BARE_LINE_ENDING",
            "LF opening a chunk         ; a|\\nb                     ; BARE_LINE_ENDING",
            "CR closing the last chunk  ; a\\r\\nb\\r                ; BARE_LINE_ENDING",
            "CR then other chunk text   ; a\\r|b                     ; BARE_LINE_ENDING",
    })
    void bareLineEndingsAnywhereAreRefused(String name, String chunks, InboundEvent.DataProblem expected) {
        assertEquals(expected, run(chunks, 998));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "at the limit               ; 10 ; 0  ; NONE",
            "one over                   ; 11 ; 0  ; LINE_TOO_LONG",
            "limit split across chunks  ; 10 ; 4  ; NONE",
            "over split across chunks   ; 11 ; 4  ; LINE_TOO_LONG",
    })
    void longLinesAreCountedAcrossChunks(String name, int length, int splitAt, InboundEvent.DataProblem expected) {
        String line = "x".repeat(length);
        String chunks = splitAt == 0 ? line : line.substring(0, splitAt) + "|" + line.substring(splitAt);
        assertEquals(expected, run(chunks + "\\r\\nshort\\r\\n", 10));
    }

    private static InboundEvent.DataProblem run(String chunks, int maxLine) {
        ChunkedText text = new ChunkedText(maxLine);
        for (String chunk : chunks.strip().split("\\|", -1)) {
            text.add(chunk.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return text.finish();
    }
}
