package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each provider's report shape read into kind, type, recipient, status, source, and the queue id it is about. */
class ReportParserTest {

    static final RefKeys KEYS = RefKeys.of(new byte[32]);
    private static final FeedbackRef REF = new FeedbackRef("0QUEUEID1", "bulk", "bulk", "domain:shop.example");
    private static final byte[] DELIVERED = ("X-Caravan-Ref: " + REF.seal(KEYS) + "\r\n"
            + "From: <news@shop.example>\r\nTo: <someone@example.test>\r\nSubject: sale\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("yahoo-cfl.eml", "COMPLAINT abuse y@yahoo.test - - 127.0.0.4 Yahoo!-Mail-Feedback/2.0"),
                Arguments.of("microsoft-jmrp.eml", "COMPLAINT abuse m@outlook.test - - 127.0.0.4 Microsoft JMRP"),
                Arguments.of("generic-arf-headers.eml", "COMPLAINT abuse g@generic.test - - 127.0.0.4 GenericFBL/1.4"),
                Arguments.of("postfix-dsn.eml", "BOUNCE null gone@remote.test failed 5.1.1 null dns; mx.remote.test"),
                Arguments.of("exchange-delay-dsn.eml", "DELAY null slow@outlook.test delayed 4.4.7 null dns;EX01.outlook.test"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsTheReportAndFindsTheQueueId(String sample, String expected) throws Exception {
        String rcpt = expected.split(" ")[2];
        FeedbackReport r = ReportParser.parse(Samples.render(sample, Samples.of(DELIVERED, rcpt, "127.0.0.4")), KEYS);
        FeedbackReport.ReportedRecipient first = r.recipients().get(0);
        String got = r.kind() + " " + r.feedbackType() + " " + first.address() + " "
                + (first.action() == null ? "-" : first.action()) + " " + (first.status() == null ? "-" : first.status())
                + " " + r.sourceIp() + " " + r.reporter();
        assertEquals(expected, got);
        assertEquals(REF, r.ref());
        FeedbackReport other = ReportParser.parse(Samples.render(sample, Samples.of(DELIVERED, rcpt, "127.0.0.4")),
                RefKeys.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                        25, 26, 27, 28, 29, 30, 31, 32}));
        assertEquals(null, other.ref(), "another node's keys open nothing");
        assertEquals("shop.example", r.originalFrom());
    }

    @Test
    void aReportWithoutItsMachineReadablePartIsMalformed() {
        assertThrows(MalformedReport.class, () -> ReportParser.parse(Samples.render("malformed.eml", java.util.Map.of()), KEYS));
        assertThrows(MalformedReport.class, () -> ReportParser.parse("Subject: hello\r\n\r\nnot a report\r\n"
                .getBytes(StandardCharsets.US_ASCII), KEYS));
        assertThrows(MalformedReport.class, () -> ReportParser.parse(new byte[] {0, 1, 2, (byte) 0xff}, KEYS));
    }
}
