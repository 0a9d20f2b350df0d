package io.caravan.ingress.policy;

import io.caravan.smtp.DomainName;

import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * Decides whether a recipient is taken, so that the gateway is never an open
 * relay. Mail for an accepted domain (and the bare {@code postmaster},
 * RFC 5321 §4.5.1) is taken from anyone; mail for any other domain only from
 * an authenticated user or a trusted network.
 *
 * <p>Addresses that smuggle a second route through an accepted domain are
 * refused from untrusted clients whatever their domain: source routes
 * ({@code <@a,@b:user@c>}), the percent hack ({@code user%other@accepted}),
 * bang paths ({@code other!user@accepted}) and quoted local parts hiding an
 * {@code @} ({@code "user@other"@accepted}). Some downstream system might
 * still interpret them and relay. Source routes are refused from everyone:
 * RFC 5321 §3.6.1 deprecates them and nothing here honours them.
 *
 * <p>Domains compare in their {@link DomainName} normal form, so a look-alike
 * spelling of an accepted domain (upper case, fullwidth, U-label for an
 * A-label entry) is that domain; a name with no normal form (broken IDNA)
 * is refused from everyone rather than relayed to whatever it might mean.
 */
public final class RelayPolicy {

    public enum Verdict {
        /** For a domain we accept, or postmaster. */
        ACCEPT_LOCAL,
        /** For elsewhere, allowed because the client is trusted or authenticated. */
        ACCEPT_RELAY,
        /** For elsewhere from an untrusted client. */
        DENY_RELAY,
        /** A routing trick in the address. */
        DENY_ROUTING,
        /** A domain that is not a valid (internationalized) domain name: no one can say which domain it is. */
        DENY_BAD_DOMAIN;

        public boolean accepted() {
            return this == ACCEPT_LOCAL || this == ACCEPT_RELAY;
        }
    }

    private final Supplier<AcceptedDomains> domains;
    private final Supplier<TrustedNetworks> trusted;

    public RelayPolicy(AcceptedDomains domains, TrustedNetworks trusted) {
        this(() -> domains, () -> trusted);
    }

    /** A policy that asks for the tables in force at each decision, so edits apply while the gateway runs. */
    public RelayPolicy(Supplier<AcceptedDomains> domains, Supplier<TrustedNetworks> trusted) {
        this.domains = domains;
        this.trusted = trusted;
    }

    /**
     * @param path          the forward path as given between the angle brackets
     * @param authenticated whether the client has authenticated
     * @param client        the client's address
     */
    public Verdict decide(String path, boolean authenticated, InetAddress client) {
        boolean privileged = authenticated || trusted.get().contains(client);
        if (path.startsWith("@")) {
            return Verdict.DENY_ROUTING;
        }
        if (path.equalsIgnoreCase("postmaster")) {
            return Verdict.ACCEPT_LOCAL;
        }
        if (!privileged && hasRoutingTrick(path)) {
            return Verdict.DENY_ROUTING;
        }
        int at = path.lastIndexOf('@');
        String domain = at < 0 ? "" : path.substring(at + 1);
        if (!domain.startsWith("[") && DomainName.normalForm(domain) == null) {
            return Verdict.DENY_BAD_DOMAIN;
        }
        if (domains.get().accepts(domain)) {
            return Verdict.ACCEPT_LOCAL;
        }
        return privileged ? Verdict.ACCEPT_RELAY : Verdict.DENY_RELAY;
    }

    public boolean trusted(InetAddress client) {
        return trusted.get().contains(client);
    }

    /** Whether the local part carries a second routing hop. */
    static boolean hasRoutingTrick(String path) {
        int at = path.lastIndexOf('@');
        String local = at < 0 ? path : path.substring(0, at);
        if (local.startsWith("\"")) {
            return local.indexOf('@') >= 0 || local.indexOf('%') >= 0 || local.indexOf('!') >= 0;
        }
        return local.indexOf('%') >= 0 || local.indexOf('!') >= 0 || local.indexOf('@') >= 0;
    }
}
