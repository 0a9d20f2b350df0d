package io.caravan.message;

import java.util.Set;

/**
 * One envelope recipient with the RFC 3461 parameters given at RCPT time.
 * The DSN parameters travel with the message so that a bounce written days
 * later still honours what the client asked for.
 *
 * @param address the forward path, without angle brackets
 * @param notifyOn NOTIFY values (SUCCESS, FAILURE, DELAY, NEVER); empty when the client gave none
 * @param orcpt   the ORCPT parameter as given (addr-type;xtext), or null
 */
public record Recipient(String address, Set<Notify> notifyOn, String orcpt) {

    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    public Recipient {
        notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }

    public static Recipient of(String address) {
        return new Recipient(address, Set.of(), null);
    }

    /** RFC 3461 §4.1: with no NOTIFY, failures (and optionally delays) are reported. */
    public boolean wantsFailureReport() {
        return notifyOn.isEmpty() || notifyOn.contains(Notify.FAILURE);
    }

    /** The domain part, lower-cased; empty for a local-only address such as postmaster. */
    public String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
