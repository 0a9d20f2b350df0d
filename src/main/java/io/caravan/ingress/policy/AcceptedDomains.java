package io.caravan.ingress.policy;

import java.net.IDN;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The domains this gateway takes mail for from anyone. An entry
 * {@code example.com} matches that domain only; an entry {@code .example.com}
 * matches its subdomains (Postfix's parent-domain style), so adding a parent
 * never silently opens every subdomain. Names compare case-insensitively and
 * in their ASCII (A-label) form.
 */
public final class AcceptedDomains {

    private final Set<String> exact = new HashSet<>();
    private final Set<String> parents = new HashSet<>();

    public AcceptedDomains(Collection<String> entries) {
        for (String entry : entries) {
            String e = normalize(entry);
            if (e.startsWith(".")) {
                parents.add(e.substring(1));
            } else {
                exact.add(e);
            }
        }
    }

    public static AcceptedDomains load(Path file) {
        return new AcceptedDomains(ConfigLines.read(file));
    }

    public boolean accepts(String domain) {
        if (domain == null || domain.isEmpty()) {
            return false;
        }
        String d = normalize(domain);
        if (exact.contains(d)) {
            return true;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            if (parents.contains(d.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (ascii(d)) {
            return d; // what IDN.toASCII gives for it, without its work at every RCPT
        }
        try {
            return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return d;
        }
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
