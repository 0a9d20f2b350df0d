package io.caravan.egress.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The RFC 8460 §4.4 report JSON and the §5.3 mail that carries it. */
class TlsReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");

    private static List<PolicyCount> counts() {
        return List.of(PolicyCount.none(TlsRptCountsTest.A).plus(io.caravan.egress.tlsrpt.Session.success(
                TlsRptCountsTest.A)).plus(TlsRptCountsTest.fail(TlsRptCountsTest.A, "starttls-not-supported",
                "mx.a.example")), PolicyCount.none(TlsRptCountsTest.B).plus(
                io.caravan.egress.tlsrpt.Session.success(TlsRptCountsTest.B)));
    }

    @Test
    void theJsonHasTheFieldsOfRfc8460() throws Exception {
        JsonNode r = MAPPER.readTree(TlsReport.json("Caravan Org", "tlsrpt@gw.example", "id-1@gw.example", DAY,
                counts()));
        assertEquals(List.of("organization-name", "date-range", "contact-info", "report-id", "policies"),
                iterable(r.fieldNames()));
        assertEquals("Caravan Org", r.get("organization-name").asText());
        assertEquals("2026-03-01T00:00:00Z", r.at("/date-range/start-datetime").asText());
        assertEquals("2026-03-01T23:59:59Z", r.at("/date-range/end-datetime").asText());
        assertEquals("tlsrpt@gw.example", r.get("contact-info").asText());
        assertEquals("id-1@gw.example", r.get("report-id").asText());
        JsonNode a = r.at("/policies/0");
        assertEquals(List.of("policy-type", "policy-string", "policy-domain", "mx-host"),
                iterable(a.get("policy").fieldNames()));
        assertEquals("sts", a.at("/policy/policy-type").asText());
        assertEquals("mode: enforce", a.at("/policy/policy-string/1").asText());
        assertEquals("a.example", a.at("/policy/policy-domain").asText());
        assertEquals("mx.a.example", a.at("/policy/mx-host/0").asText());
        assertEquals(1, a.at("/summary/total-successful-session-count").asLong());
        assertEquals(1, a.at("/summary/total-failure-session-count").asLong());
        JsonNode failure = a.at("/failure-details/0");
        assertEquals("starttls-not-supported", failure.get("result-type").asText());
        assertEquals("192.0.2.1", failure.get("sending-mta-ip").asText());
        assertEquals("mx.a.example", failure.get("receiving-mx-hostname").asText());
        assertEquals(1, failure.get("failed-session-count").asLong());
        JsonNode b = r.at("/policies/1");
        assertEquals(0, b.at("/summary/total-failure-session-count").asLong());
        assertFalse(b.has("failure-details"), "no failures, no details");
    }

    @Test
    void theMailIsAMultipartReportWithTheGzipReport() throws Exception {
        String json = TlsReport.json("Org", "c@gw.example", "id-1@gw.example", DAY, counts());
        byte[] mail = ReportMail.write("tlsrpt@gw.example", List.of("rua@a.example"), "a.example", "gw.example",
                "id-1@gw.example", DAY, TlsReport.gzip(json), Instant.parse("2026-03-02T01:00:00Z"));
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail));
        assertTrue(m.getContentType().startsWith("multipart/report"), m.getContentType());
        assertTrue(m.getContentType().replace("\"", "").contains("report-type=tlsrpt"), m.getContentType());
        assertEquals("Report Domain: a.example Submitter: gw.example Report-ID: <id-1@gw.example>", m.getSubject());
        assertEquals("a.example", m.getHeader("TLS-Report-Domain")[0]);
        assertEquals("gw.example", m.getHeader("TLS-Report-Submitter")[0]);
        assertEquals("tlsrpt@gw.example", m.getFrom()[0].toString());
        // read as a plain multipart: Angus' multipart/report handler knows only DSN and MDN reports
        Multipart parts = new jakarta.mail.internet.MimeMultipart(new jakarta.mail.internet.MimePartDataSource(m));
        assertEquals(2, parts.getCount());
        Part report = parts.getBodyPart(1);
        assertTrue(report.isMimeType("application/tlsrpt+gzip"), report.getContentType());
        assertEquals("gw.example!a.example!1772323200!1772409599!id-1gw.example.json.gz", report.getFileName());
        try (InputStream in = new GZIPInputStream(report.getInputStream())) {
            assertEquals(json, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
