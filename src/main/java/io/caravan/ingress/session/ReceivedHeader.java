package io.caravan.ingress.session;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The trace header ingress prepends (RFC 5321 §4.4). The client is named by
 * its HELO and its IP literal only: we do no reverse lookup, so no name we
 * write can be a lie. The protocol keyword follows RFC 3848 (ESMTP plus S
 * for TLS and A for AUTH); with TLS the version and cipher are added as a
 * comment.
 */
public final class ReceivedHeader {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    /** The last date written: messages arrive many to a second, and formatting costs more than the rest. */
    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, null, "");

    private record Stamp(long epochSecond, ZoneId zone, String text) {
    }

    private ReceivedHeader() {
    }

    private static String date(ZonedDateTime when) {
        Stamp s = last;
        long second = when.toEpochSecond();
        if (s.epochSecond() != second || !when.getZone().equals(s.zone())) {
            s = new Stamp(second, when.getZone(), DATE.format(when));
            last = s;
        }
        return s.text();
    }

    /**
     * @param tlsProtocol null without TLS
     * @param recipient   named in a {@code for} clause only when the message has exactly one
     */
    public static String build(String helo, String clientIp, String hostname, boolean esmtp,
                               String tlsProtocol, String tlsCipher, boolean authenticated,
                               String queueId, String recipient, ZonedDateTime when) {
        String with = esmtp ? "ESMTP" + (tlsProtocol != null ? "S" : "") + (authenticated ? "A" : "") : "SMTP";
        String literal = clientIp.contains(":") ? "[IPv6:" + clientIp + "]" : "[" + clientIp + "]";
        StringBuilder out = new StringBuilder("Received: from ")
                .append(helo == null ? "unknown" : helo).append(" (").append(literal).append(")\r\n")
                .append("\tby ").append(hostname).append(" (Caravan) with ").append(with);
        if (tlsProtocol != null) {
            out.append(" (version=").append(tlsProtocol).append(" cipher=").append(tlsCipher).append(')');
        }
        out.append("\r\n\tid ").append(queueId);
        if (recipient != null) {
            out.append("\r\n\tfor <").append(recipient).append('>');
        }
        out.append("; ").append(date(when)).append("\r\n");
        return out.toString();
    }
}
