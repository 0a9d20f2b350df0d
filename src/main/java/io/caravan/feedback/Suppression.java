package io.caravan.feedback;

import java.time.Instant;
import java.util.Locale;

/**
 * One suppressed recipient: mail to {@code recipient} from senders of {@code scope} is refused at RCPT and
 * bounced by routing until {@code expires}.
 *
 * @param scope     {@code domain:example.org} (envelope senders of that domain), {@code tenant:alice} (mail
 *                  the SMTP user alice submitted), or {@code *} (every sender)
 * @param recipient the address, domain in lower case
 * @param reason    why: a hard bounce, a complaint, or an operator
 * @param detail    what said so: the DSN's status and diagnostic, the report's feedback type, the operator's note
 */
public record Suppression(String scope, String recipient, Reason reason, String detail, Instant created,
                          Instant expires) {

    public enum Reason { BOUNCE, COMPLAINT, MANUAL }

    public static final String EVERY_SENDER = "*";

    public Suppression {
        scope = scope(scope);
        recipient = normalise(recipient);
        detail = detail == null ? "" : detail;
    }

    public String key() {
        return key(scope, recipient);
    }

    /**
     * The enhanced status of the bounce of mail to a suppressed recipient, in routing and in egress alike:
     * 5.1.1 after a hard bounce (the mailbox is gone), 5.7.1 for a complaint or an operator (policy).
     */
    public String bounceStatus() {
        return reason == Reason.BOUNCE ? "5.1.1" : "5.7.1";
    }

    /** The text of that bounce: {@code recipient suppressed (complaint: abuse)}. */
    public String bounceText() {
        return "recipient suppressed (" + reason.name().toLowerCase(Locale.ROOT) + ": " + detail + ")";
    }

    public boolean activeAt(Instant now) {
        return expires == null || now.isBefore(expires);
    }

    static String key(String scope, String recipient) {
        return scope(scope) + " " + normalise(recipient);
    }

    public static String domainScope(String domain) {
        return "domain:" + domain.toLowerCase(Locale.ROOT);
    }

    public static String tenantScope(String tenant) {
        return "tenant:" + tenant;
    }

    /** A scope as given, checked: {@code domain:D}, {@code tenant:T} or {@code *}. */
    static String scope(String scope) {
        String s = scope == null ? "" : scope.strip();
        if (s.equals(EVERY_SENDER)) {
            return s;
        }
        if (s.startsWith("domain:") && s.length() > 7) {
            return "domain:" + s.substring(7).toLowerCase(Locale.ROOT);
        }
        if (s.startsWith("tenant:") && s.length() > 7) {
            return s;
        }
        throw new IllegalArgumentException("scope must be domain:NAME, tenant:USER or *, not '" + scope + "'");
    }

    /** Local part as given (it may be case-sensitive), domain in lower case. */
    static String normalise(String address) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            throw new IllegalArgumentException("not an address: '" + address + "'");
        }
        return a.substring(0, at) + "@" + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
