package io.caravan.routing.plan;

import java.util.function.Function;
import java.util.function.Supplier;

import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResult;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.routing.transport.Transport;
import io.caravan.routing.transport.TransportMap;
import io.caravan.smtp.DomainName;

/**
 * Decides how mail for one recipient domain leaves: the transport table first, then DNS for the
 * chosen next hop, then the provider ({@link ProviderRules}: by the MX host names when the next hop
 * is the recipient domain's own MX, else by the recipient domain). Failures keep their nature: a
 * domain that cannot receive mail bounces, DNS trouble defers. One exception: when the table
 * named the next hop, a next hop that does not resolve is the operator's mistake, not the
 * recipient's, so the recipient is deferred rather than bounced until the table is fixed. A delivery
 * decision carries the domain's TLS requirement, which keeps recipients of different requirements apart.
 */
public final class RecipientRouter {

    private final Supplier<TransportMap> transports;
    private final MxResolver mx;
    private final ProviderRules providers;
    private final Function<String, String> tlsRequirement;

    /** Without TLS requirements: every domain's the same. */
    public RecipientRouter(Supplier<TransportMap> transports, MxResolver mx, ProviderRules providers) {
        this(transports, mx, providers, domain -> "");
    }

    /**
     * @param transports     the table in force, e.g. {@code transportMapFile::current}
     * @param tlsRequirement a recipient domain's TLS requirement (its tls_policy level), compared for equality
     */
    public RecipientRouter(Supplier<TransportMap> transports, MxResolver mx, ProviderRules providers,
                           Function<String, String> tlsRequirement) {
        this.transports = transports;
        this.mx = mx;
        this.providers = providers;
        this.tlsRequirement = tlsRequirement;
    }

    public RouteDecision route(String recipientDomain) {
        if (recipientDomain == null || recipientDomain.isBlank()) {
            return new RouteDecision.Bounce("5.1.3", "Recipient address has no domain");
        }
        String domain = DomainName.normalForm(recipientDomain);
        if (domain == null) {
            // ingress refuses such names; one that came another way (a DSN to a sender) must not reach '*'
            return new RouteDecision.Bounce("5.1.2", "Recipient domain is not a valid domain name");
        }
        Transport t = transports.get().lookup(domain);
        if (t instanceof Transport.Bounce b) {
            return new RouteDecision.Bounce(b.status(), b.text());
        }
        if (t instanceof Transport.Defer d) {
            return new RouteDecision.Defer(d.status(), d.text());
        }
        if (t instanceof Transport.Discard d) {
            return new RouteDecision.Discard(d.text());
        }
        if (t instanceof Transport.Hold h) {
            return new RouteDecision.Hold(h.text());
        }
        return deliver(recipientDomain, domain, (Transport.Deliver) t);
    }

    /**
     * How mail for {@code recipientDomain} leaves through a next hop chosen for it (an operator's route):
     * as if the transport table named that next hop.
     */
    public RouteDecision routeVia(String recipientDomain, Transport.Deliver deliver) {
        String domain = DomainName.normalForm(recipientDomain);
        return deliver(recipientDomain, domain != null ? domain : recipientDomain, deliver);
    }

    private RouteDecision deliver(String recipientDomain, String domain, Transport.Deliver deliver) {
        MxResult result = deliver.mxLookup() ? mx.resolve(deliver.host()) : mx.resolveHost(deliver.host());
        boolean operatorChoseHost = !deliver.mxLookup() || !deliver.host().equals(domain);
        if (result instanceof MxResult.Resolved r) {
            String provider = operatorChoseHost
                    ? providers.recognizeByDomain(recipientDomain, r.hostNames())
                    : providers.recognizeByMx(recipientDomain, r.hostNames());
            return new RouteDecision.Deliver(deliver.name(), deliver.nexthop(), deliver.port(), r.hosts(), provider,
                    tlsRequirement.apply(domain));
        }
        if (result instanceof MxResult.PermanentFailure p) {
            return operatorChoseHost
                    ? new RouteDecision.Defer("4.4.4", "Next hop " + deliver.nexthop() + " from the transport table: " + p.text())
                    : new RouteDecision.Bounce(p.status(), p.text());
        }
        return new RouteDecision.Defer("4.4.3", ((MxResult.TemporaryFailure) result).text());
    }
}
