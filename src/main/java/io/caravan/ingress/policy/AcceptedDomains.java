package io.caravan.ingress.policy;

import io.caravan.config.ConfigTable;
import io.caravan.smtp.DomainName;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The domains this gateway takes mail for from anyone. An entry
 * {@code example.com} matches that domain only; an entry {@code .example.com}
 * matches its subdomains (Postfix's parent-domain style), so adding a parent
 * never silently opens every subdomain. Names compare in their
 * {@link DomainName} normal form, as the transport map does.
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
        return new AcceptedDomains(ConfigTable.read(file, AcceptedDomains::normalize));
    }

    /** Whether a domain is ours; a name that is not valid IDNA never is. */
    public boolean accepts(String domain) {
        String d = DomainName.normalForm(domain);
        if (d == null) {
            return false;
        }
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

    /** Entries keep a leading dot (the subdomain form); the name after it is normalized as any other. */
    static String normalize(String entry) {
        String e = entry.strip();
        boolean parent = e.startsWith(".");
        String name = DomainName.normalForm(parent ? e.substring(1) : e);
        if (name == null) {
            throw new IllegalArgumentException("not a valid domain name in accepted-domains: " + entry);
        }
        return parent ? "." + name : name;
    }
}
