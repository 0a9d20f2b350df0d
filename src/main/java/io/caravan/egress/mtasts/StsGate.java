package io.caravan.egress.mtasts;

import io.caravan.message.DeliveryRoute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies the recipient domains' MTA-STS policies to a delivery's MX hosts (RFC 8461 §4, §5).
 *
 * <p>A policy applies only where the route is the domain's own MX set (routing looked up the MX of the
 * recipient domain): a next hop the operator set in the transport map ({@code [host]}, a relay, another
 * domain) is not the recipient domain's MX and is the operator's choice. A domain with an entry in
 * {@code tls_policy} is left to that entry, whatever its level: {@code none} or {@code may} switch MTA-STS off for
 * it, {@code dane} lets DANE decide (RFC 8461 §2: DANE wins where both exist), {@code encrypt} and
 * {@code verify} are the operator's fixed choice. Every domain of the delivery counts: hosts must match every
 * enforce policy among them.
 */
public final class StsGate {

    private final Function<String, Optional<CachedPolicy>> policies;
    private final Predicate<String> listedInTlsPolicy;

    public StsGate(Function<String, Optional<CachedPolicy>> policies, Predicate<String> listedInTlsPolicy) {
        this.policies = policies;
        this.listedInTlsPolicy = listedInTlsPolicy;
    }

    public StsDecision decide(DeliveryRoute route) {
        if (!"smtp".equals(route.transport())) {
            return new StsDecision.AsUsual();
        }
        String nexthop = mxDomain(route.nexthop());
        if (nexthop == null || route.domains().stream().noneMatch(d -> StsPolicy.normalise(d).equals(nexthop))) {
            return new StsDecision.AsUsual();
        }
        List<String> hosts = route.hosts().stream().filter(h -> !h.addresses().isEmpty())
                .map(h -> StsPolicy.normalise(h.name())).distinct().toList();
        List<String> allowed = new ArrayList<>(hosts);
        Set<String> mismatched = new LinkedHashSet<>();
        List<String> enforcing = new ArrayList<>();
        List<String> testing = new ArrayList<>();
        Map<String, StsPolicy> enforced = new LinkedHashMap<>();
        Map<String, StsPolicy> tested = new LinkedHashMap<>();
        for (String domain : route.domains()) {
            if (listedInTlsPolicy.test(domain)) {
                continue;
            }
            Optional<CachedPolicy> found = policies.apply(domain);
            if (found.isEmpty()) {
                continue;
            }
            StsPolicy policy = found.get().policy();
            switch (policy.mode()) {
                case ENFORCE -> {
                    enforcing.add(domain + " (id " + found.get().id() + ")");
                    enforced.put(StsPolicy.normalise(domain).toLowerCase(Locale.ROOT), policy);
                    allowed.removeIf(h -> !policy.matches(h));
                }
                case TESTING -> {
                    testing.add(domain + " (id " + found.get().id() + ")");
                    tested.put(StsPolicy.normalise(domain).toLowerCase(Locale.ROOT), policy);
                    hosts.stream().filter(h -> !policy.matches(h)).forEach(mismatched::add);
                }
                case NONE -> {
                    // the domain withdrew its policy (RFC 8461 §8.3)
                }
            }
        }
        if (!enforcing.isEmpty()) {
            String domains = String.join(", ", enforcing);
            return allowed.isEmpty()
                    ? new StsDecision.Refuse("MTA-STS policy of " + domains + " matches no MX host ("
                            + String.join(", ", hosts) + ")", enforced)
                    : new StsDecision.Enforce(allowed, domains, enforced);
        }
        return testing.isEmpty() ? new StsDecision.AsUsual()
                : new StsDecision.Testing(List.copyOf(mismatched), String.join(", ", testing), tested);
    }

    /** The domain whose MX a nexthop like {@code smtp:example.com:25} stands for; null for {@code [host]}. */
    static String mxDomain(String nexthop) {
        String rest = nexthop.substring(nexthop.indexOf(':') + 1);
        if (rest.isEmpty() || rest.startsWith("[")) {
            return null;
        }
        int colon = rest.indexOf(':');
        return StsPolicy.normalise(colon >= 0 ? rest.substring(0, colon) : rest).toLowerCase(Locale.ROOT);
    }
}
