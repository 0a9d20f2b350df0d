package io.caravan.smtp;

import java.net.IDN;
import java.util.Locale;

/**
 * The one form in which Caravan compares domain names: lower-case ASCII, A-labels for
 * internationalized labels, no trailing dot. Accepted domains, the relay decision and the
 * transport map all use it, so that a spelling that means the same name in DNS (upper case,
 * fullwidth letters or dots, the U-label of an {@code xn--} entry) finds that name's own entry,
 * and no spelling can be accepted as ours by one and sent to {@code *} by the other.
 *
 * <p>The JDK's {@link IDN} implements IDNA2003 (Nameprep: case folding and NFKC), which maps
 * like UTS-46 in its transitional mode (ß becomes ss); that is enough to fold look-alikes onto
 * their entry without a new dependency. A name that is not valid IDNA, including an
 * {@code xn--} label that is not the exact A-label of its own decoding, or a character that is
 * no hostname character, has no normal form: it must be refused, since receivers would disagree
 * about what it names.
 */
public final class DomainName {

    private DomainName() {
    }

    /** The normal form, or null when the name is not a valid (internationalized) domain name. */
    public static String normalForm(String domain) {
        if (domain == null) {
            return null;
        }
        String d = domain.strip();
        String ascii;
        if (isAscii(d)) {
            ascii = d.toLowerCase(Locale.ROOT); // what IDN.toASCII gives for it, without its work at every RCPT
        } else {
            try {
                ascii = IDN.toASCII(d).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (!hostnameCharacters(ascii)) {
            return null;
        }
        if (ascii.contains("xn--")) {
            for (String label : ascii.split("\\.", -1)) {
                if (label.startsWith("xn--") && !validALabel(label)) {
                    return null;
                }
            }
        }
        return ascii;
    }

    /** An A-label must decode, and encode back to itself (RFC 5891 §5.4). */
    private static boolean validALabel(String label) {
        String unicode = IDN.toUnicode(label);
        if (unicode.equals(label)) {
            return false; // toUnicode gives the input back when the Punycode does not decode
        }
        try {
            return IDN.toASCII(unicode).toLowerCase(Locale.ROOT).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Letters, digits, hyphen and underscore (seen in real names) in non-empty labels. */
    private static boolean hostnameCharacters(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
