package io.caravan.egress.tlsrpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The aggregate report of RFC 8460 §4.4 for one policy domain and one UTC day. The field names are the RFC's;
 * the day runs from 00:00:00Z to 23:59:59Z as in the RFC's example.
 */
public final class TlsReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TlsReport() {
    }

    public static String json(String organization, String contact, String reportId, LocalDate day,
                              List<PolicyCount> counts) {
        ObjectNode report = MAPPER.createObjectNode();
        report.put("organization-name", organization);
        ObjectNode range = report.putObject("date-range");
        range.put("start-datetime", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        range.put("end-datetime", day.atTime(23, 59, 59).toInstant(ZoneOffset.UTC).toString());
        report.put("contact-info", contact);
        report.put("report-id", reportId);
        ArrayNode policies = report.putArray("policies");
        for (PolicyCount c : counts) {
            ObjectNode entry = policies.addObject();
            entry.set("policy", MAPPER.valueToTree(c.policy()));
            ObjectNode summary = entry.putObject("summary");
            summary.put("total-successful-session-count", c.successful());
            summary.put("total-failure-session-count", c.failed());
            if (!c.failures().isEmpty()) {
                entry.set("failure-details", MAPPER.valueToTree(c.failures()));
            }
        }
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report cannot be written", e);
        }
    }

    /** RFC 8460 §5.1: the report travels gzip-compressed. */
    public static byte[] gzip(String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
