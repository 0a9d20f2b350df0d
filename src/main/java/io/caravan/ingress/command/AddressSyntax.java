package io.caravan.ingress.command;

/**
 * Mailbox syntax (RFC 5321 §4.1.2, §4.5.3.1): {@code local@domain} with a
 * dot-atom or quoted local part of at most 64 octets and a domain name or
 * address literal of at most 255. Non-ASCII is allowed only when the
 * client asked for SMTPUTF8 (RFC 6531). Source routes are passed through
 * untouched here; the relay policy decides about them.
 */
final class AddressSyntax {

    private AddressSyntax() {
    }

    /** Null when the mailbox is well formed, else why not. */
    static String problem(String mailbox) {
        if (mailbox.length() > 256) {
            return "path longer than 256 octets";
        }
        String box = mailbox;
        if (box.startsWith("@")) {
            int colon = box.indexOf(':');
            if (colon < 0) {
                return "malformed source route";
            }
            box = box.substring(colon + 1);
        }
        int at = box.lastIndexOf('@');
        if (at <= 0 || at == box.length() - 1) {
            return "expected local@domain";
        }
        String local = box.substring(0, at);
        String domain = box.substring(at + 1);
        if (local.length() > 64) {
            return "local part longer than 64 octets";
        }
        if (domain.length() > 255) {
            return "domain longer than 255 octets";
        }
        if (!local.startsWith("\"")) {
            for (int i = 0; i < local.length(); i++) {
                char c = local.charAt(i);
                if (c <= ' ' || c == 127 || "()<>[]\\,;:\"@".indexOf(c) >= 0) {
                    return "invalid character in local part";
                }
            }
            if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
                return "misplaced dot in local part";
            }
        } else if (!local.endsWith("\"") || local.length() < 2) {
            return "unterminated quoted local part";
        }
        if (domain.startsWith("[")) {
            return domain.endsWith("]") ? null : "malformed address literal";
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return "malformed domain";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c < 128 && !Character.isLetterOrDigit(c) && c != '-') {
                    return "invalid character in domain";
                }
            }
        }
        return null;
    }

    static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
