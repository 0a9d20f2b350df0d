package io.caravan.ingress.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The lines that fail2ban and similar tools read: one per refused AUTH and
 * one per relay denial, with fixed wording (docs/SECURITY.md gives a
 * filter; change them together). Everything the client chose is escaped
 * so that it cannot end the line, add a field, or pass for the client
 * address: bytes outside printable ASCII, the backslash and space become
 * {@code \xNN} (code points above 0xFF a backslash, {@code u} and their hex),
 * and long values are cut.
 */
final class SecurityLog {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityLog.class);
    private static final int MAX_VALUE = 128;

    private SecurityLog() {
    }

    static void authFailed(InetSocketAddress client, String user, String mechanism, String reason) {
        LOG.warn("AUTH failed: client={} user={} mechanism={} reason={}", address(client), safe(user), mechanism,
                reason);
    }

    static void relayDenied(InetSocketAddress client, String from, String rcpt) {
        LOG.info("relay denied: client={} from=<{}> rcpt=<{}>", address(client), safe(from), safe(rcpt));
    }

    private static String address(InetSocketAddress client) {
        return client == null || client.getAddress() == null ? "-" : client.getAddress().getHostAddress();
    }

    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_VALUE).forEach(c -> {
            if (c > 0x20 && c < 0x7F && c != '\\') {
                out.appendCodePoint(c);
            } else if (c <= 0xFF) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return value.codePointCount(0, value.length()) > MAX_VALUE ? out.append("...").toString() : out.toString();
    }
}
