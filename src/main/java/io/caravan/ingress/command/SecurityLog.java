package io.caravan.ingress.command;

import io.caravan.maillog.LogValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The lines that fail2ban and similar tools read: one per refused AUTH and
 * one per relay denial, with fixed wording (docs/SECURITY.md gives a
 * filter; change them together). Everything the client chose is escaped
 * by {@link LogValue} so that it cannot end the line, add a field, or pass
 * for the client address. docs/OPERATIONS.md lists them beside the mail log.
 */
final class SecurityLog {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityLog.class);

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
        return LogValue.safe(value);
    }
}
