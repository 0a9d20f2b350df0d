package io.caravan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePartDataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/** Reads TLS report mails (RFC 8460 §5.3) as a receiver would: the gzip JSON part of a multipart/report. */
public final class TlsReports {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TlsReports() {
    }

    /** The report JSON of a received report mail for {@code domain}: its application/tlsrpt+gzip part, unzipped. */
    public static JsonNode json(byte[] mail, String domain) {
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail));
            assertTrue(m.getContentType().startsWith("multipart/report"), m.getContentType());
            assertEquals(domain, m.getHeader("TLS-Report-Domain")[0]);
            MimeMultipart parts = new MimeMultipart(new MimePartDataSource(m));
            BodyPart gz = parts.getBodyPart(1);
            assertTrue(gz.isMimeType("application/tlsrpt+gzip"), gz.getContentType());
            try (InputStream in = new GZIPInputStream(gz.getInputStream())) {
                return MAPPER.readTree(in);
            }
        } catch (Exception e) {
            throw new AssertionError("not a TLS report mail: " + new String(mail, StandardCharsets.UTF_8), e);
        }
    }

    /** Successful and failed sessions over the reports of one policy domain (the first policy of each). */
    public static long[] totals(List<JsonNode> reports) {
        long[] totals = new long[2];
        for (JsonNode report : reports) {
            totals[0] += report.at("/policies/0/summary/total-successful-session-count").asLong();
            totals[1] += report.at("/policies/0/summary/total-failure-session-count").asLong();
        }
        return totals;
    }

    /** The report mails among {@code received} whose TLS-Report-Domain is {@code domain}. */
    public static List<JsonNode> of(List<Sink.Received> received, String domain) {
        String header = "TLS-Report-Domain: " + domain + "\r\n";
        return received.stream().filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(header))
                .map(r -> json(r.data(), domain)).toList();
    }
}
