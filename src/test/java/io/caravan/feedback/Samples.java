package io.caravan.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The report samples in src/test/resources/feedback/, in the shapes providers send them (Yahoo's CFL,
 * Microsoft's JMRP, a generic ARF with headers only, a Postfix bounce, an Exchange delay notice, a broken
 * report), filled in with what a test delivered: the message or its header section, the recipient, the
 * address it left from.
 */
final class Samples {

    private Samples() {
    }

    static byte[] render(String name, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = Samples.class.getResourceAsStream("/feedback/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The values a sample takes from one delivered message. */
    static Map<String, String> of(byte[] delivered, String rcpt, String sourceIp) {
        String message = new String(delivered, StandardCharsets.UTF_8);
        int end = message.indexOf("\r\n\r\n");
        String headers = end < 0 ? message : message.substring(0, end + 2);
        String redacted = message.replaceFirst("(?m)^To: .*\r\n", "To: <redacted>\r\n");
        return Map.of("MESSAGE", message, "HEADERS", headers, "REDACTED_MESSAGE", redacted, "RCPT", rcpt,
                "SOURCE_IP", sourceIp);
    }
}
