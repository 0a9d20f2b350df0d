package io.caravan.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.message.Recipient.Notify;
import io.caravan.smtp.Reply;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsnBuilderTest {

    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    private static final byte[] ORIGINAL = ("Message-ID: <orig-1@example.test>\r\n"
            + "From: Alice <alice@example.test>\r\nTo: bob@dest.test\r\nSubject: hello\r\n\r\nbody line\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private final DsnBuilder builder = new DsnBuilder("mta1.caravan.test", Clock.fixed(NOW, ZoneOffset.UTC));

    private static Envelope envelope(String from, String ret, Recipient... recipients) {
        return new Envelope("Q123", from, List.of(recipients), ret, "ENV+2B42", false, null, "192.0.2.1",
                "client.test", Instant.parse("2026-11-27T23:00:00Z"));
    }

    private static final Reply GMAIL_550 = new Reply(550, "5.1.1", List.of(
            "The email account that you tried to reach does not exist. Please try",
            "double-checking the recipient's email address for typos. - gsmtp"));

    private static MimeMessage parse(Dsn dsn) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.message()));
    }

    @Test
    void aFailureDsnCarriesTheRfc3464Fields() throws Exception {
        Recipient bob = new Recipient("bob@dest.test", Set.of(Notify.FAILURE), "rfc822;Bob+2Bx@dest.test");
        Dsn dsn = builder.build(envelope("alice@example.test", "FULL", bob), ORIGINAL,
                List.of(new RecipientReport(bob, GMAIL_550, "mx1.dest.test", NOW.minusSeconds(5))),
                DsnBuilder.Kind.FAILED).orElseThrow();

        assertEquals("alice@example.test", dsn.to());
        assertEquals("", dsn.envelope("Q999", "mta1.caravan.test", NOW).mailFrom());
        MimeMessage message = parse(dsn);
        assertEquals("MAILER-DAEMON@mta1.caravan.test",
                ((jakarta.mail.internet.InternetAddress) message.getFrom()[0]).getAddress());
        assertEquals("auto-replied", message.getHeader("Auto-Submitted", null));
        assertTrue(message.getContentType().toLowerCase().startsWith("multipart/report"), message.getContentType());
        assertTrue(message.getContentType().toLowerCase().contains("report-type=delivery-status"));

        MultipartReport report = assertInstanceOf(MultipartReport.class, message.getContent());
        assertTrue(report.getText().contains("<bob@dest.test> (host mx1.dest.test said): 550 5.1.1"));
        DeliveryStatus status = report.getDeliveryStatus();
        InternetHeaders perMessage = status.getMessageDSN();
        assertEquals("dns; mta1.caravan.test", perMessage.getHeader("Reporting-MTA", null));
        assertEquals("ENV+42", perMessage.getHeader("Original-Envelope-Id", null), "xtext ENV+2B42 decoded");
        assertTrue(perMessage.getHeader("Arrival-Date", null).contains("27 Nov 2026"));

        assertEquals(1, status.getRecipientDSNCount());
        InternetHeaders r = status.getRecipientDSN(0);
        assertEquals("rfc822; bob@dest.test", r.getHeader("Final-Recipient", null));
        assertEquals("rfc822; Bob+x@dest.test", r.getHeader("Original-Recipient", null));
        assertEquals("failed", r.getHeader("Action", null));
        assertEquals("5.1.1", r.getHeader("Status", null));
        assertEquals("dns; mx1.dest.test", r.getHeader("Remote-MTA", null));
        String diagnostic = r.getHeader("Diagnostic-Code", null).replaceAll("\\r\\n\\s+", " ");
        assertEquals("smtp; 550 5.1.1 The email account that you tried to reach does not exist. Please try "
                + "double-checking the recipient's email address for typos. - gsmtp", diagnostic);
        assertTrue(r.getHeader("Last-Attempt-Date", null).contains("28 Nov 2026"));

        MimeMessage returned = report.getReturnedMessage();
        assertEquals("hello", returned.getSubject());
        assertEquals("<orig-1@example.test>", message.getHeader("In-Reply-To", null));
    }

    @Test
    void retHdrsReturnsOnlyTheHeaders() throws Exception {
        Recipient bob = Recipient.of("bob@dest.test");
        Dsn dsn = builder.build(envelope("alice@example.test", "HDRS", bob), ORIGINAL,
                List.of(new RecipientReport(bob, GMAIL_550, null, NOW)), DsnBuilder.Kind.FAILED).orElseThrow();
        MimeMultipart parts = (MimeMultipart) parse(dsn).getContent();
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status"));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"), parts.getBodyPart(2).getContentType());
        String text = new String(dsn.message(), StandardCharsets.US_ASCII);
        assertTrue(text.contains("Subject: hello"));
        assertFalse(text.contains("body line"), "RET=HDRS must not return the body");
        assertFalse(text.contains("Remote-MTA"), "no Remote-MTA for a local failure");
    }

    @Test
    void aLargeOriginalComesBackAsHeadersOnly() throws Exception {
        Recipient bob = Recipient.of("bob@dest.test");
        DsnBuilder small = new DsnBuilder("mta1.caravan.test", Clock.fixed(NOW, ZoneOffset.UTC), 40);
        Dsn dsn = small.build(envelope("alice@example.test", "FULL", bob), ORIGINAL,
                List.of(new RecipientReport(bob, GMAIL_550, "mx1.dest.test", NOW)), DsnBuilder.Kind.FAILED)
                .orElseThrow();
        MimeMultipart parts = (MimeMultipart) parse(dsn).getContent();
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"));
    }

    @Test
    void aDelayDsnSaysDelayedWithATemporaryStatus() throws Exception {
        Recipient bob = new Recipient("bob@dest.test", Set.of(Notify.DELAY, Notify.FAILURE), null);
        Reply rateLimited = Reply.of(451, "4.7.650", "The mail server [192.0.2.10] has been temporarily rate limited");
        Dsn dsn = builder.build(envelope("alice@example.test", null, bob), ORIGINAL,
                List.of(new RecipientReport(bob, rateLimited, "mx.outlook.test", NOW)), DsnBuilder.Kind.DELAYED)
                .orElseThrow();
        MimeMessage message = parse(dsn);
        assertEquals("Delayed Mail (still being retried)", message.getSubject());
        InternetHeaders r = ((MultipartReport) message.getContent()).getDeliveryStatus().getRecipientDSN(0);
        assertEquals("delayed", r.getHeader("Action", null));
        assertEquals("4.7.650", r.getHeader("Status", null));
    }

    @Test
    void noDsnToTheNullSender() {
        Recipient bob = Recipient.of("bob@dest.test");
        assertEquals(Optional.empty(), builder.build(envelope("", null, bob), ORIGINAL,
                List.of(new RecipientReport(bob, GMAIL_550, "mx", NOW)), DsnBuilder.Kind.FAILED));
    }

    @Test
    void onlyRecipientsThatWantAReportAreListed() throws Exception {
        Recipient never = new Recipient("never@dest.test", Set.of(Notify.NEVER), null);
        Recipient success = new Recipient("success@dest.test", Set.of(Notify.SUCCESS), null);
        Recipient plain = Recipient.of("plain@dest.test");
        Envelope env = envelope("alice@example.test", null, never, success, plain);
        List<RecipientReport> reports = List.of(new RecipientReport(never, GMAIL_550, "mx", NOW),
                new RecipientReport(success, GMAIL_550, "mx", NOW), new RecipientReport(plain, GMAIL_550, "mx", NOW));
        Dsn dsn = builder.build(env, ORIGINAL, reports, DsnBuilder.Kind.FAILED).orElseThrow();
        DeliveryStatus status = ((MultipartReport) parse(dsn).getContent()).getDeliveryStatus();
        assertEquals(1, status.getRecipientDSNCount());
        assertEquals("rfc822; plain@dest.test", status.getRecipientDSN(0).getHeader("Final-Recipient", null));

        assertEquals(Optional.empty(), builder.build(envelope("alice@example.test", null, never, success),
                ORIGINAL, reports.subList(0, 2), DsnBuilder.Kind.FAILED));
    }

    @ParameterizedTest(name = "NOTIFY={0}, {1} -> {2}")
    @CsvSource({
            "'',              FAILED,  true",
            "'',              DELAYED, false",
            "NEVER,           FAILED,  false",
            "FAILURE,         FAILED,  true",
            "SUCCESS,         FAILED,  false",
            "DELAY,           FAILED,  false",
            "DELAY,           DELAYED, true",
            "FAILURE;DELAY,   DELAYED, true",
            "FAILURE,         DELAYED, false",
    })
    void notifyDecidesWhoIsReported(String notify, DsnBuilder.Kind kind, boolean expected) {
        Set<Notify> set = notify.isEmpty() ? Set.of()
                : java.util.Arrays.stream(notify.split(";")).map(Notify::valueOf).collect(java.util.stream.Collectors.toSet());
        assertEquals(expected, DsnBuilder.wanted(new Recipient("x@d.test", set, null), kind));
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource({
            "550, 5.1.1, FAILED,  5.1.1",
            "550, '',    FAILED,  5.0.0",
            "451, 4.4.1, FAILED,  5.4.1",
            "451, 4.4.1, DELAYED, 4.4.1",
            "421, '',    DELAYED, 4.0.0",
    })
    void statusComesFromTheEnhancedCode(int code, String enhanced, DsnBuilder.Kind kind, String expected) {
        Reply reply = Reply.of(code, enhanced.isEmpty() ? null : enhanced, "text");
        assertEquals(expected, DsnBuilder.status(reply, kind));
    }

    @ParameterizedTest
    @CsvSource({
            "rfc822;bob@dest.test,       rfc822; bob@dest.test",
            "RFC822;a+2Bb@dest.test,     rfc822; a+b@dest.test",
            "utf-8;x+3Dy@dest.test,      utf-8; x=y@dest.test",
            "bare@dest.test,             rfc822; bare@dest.test",
            "rfc822;bad+ZZ@dest.test,    rfc822; bad+ZZ@dest.test",
    })
    void originalRecipientIsDecoded(String orcpt, String expected) {
        assertEquals(expected, DsnBuilder.originalRecipient(orcpt));
    }
}
