package io.caravan.egress;

import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.Phase;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.Replies;
import io.caravan.egress.smtp.TlsInfo;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.Dnssec;
import io.caravan.routing.mx.MxHost;
import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResult;
import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code dane} delivery may go, from the next hop's MX and address answers asked again of
 * the validating resolver that also answers its TLSA questions, because routing's answers came
 * from a resolver that does not validate (RFC 7672 §2.1.1, §2.2):
 * <ul>
 * <li>a secure MX answer: each host whose addresses are secure gets its TLSA records asked (dane);
 *     a host whose addresses are insecure is tried at may;</li>
 * <li>an insecure MX answer: no TLSA applies, every host is tried at may (never below);</li>
 * <li>a bogus answer (MX, or the addresses of every usable host): nothing is sent, the delivery
 *     waits with {@code 451 4.7.5}: RFC 3463's cryptographic failure, since validation rejected the
 *     answer, and temporary, since RFC 7672 §2.1.1 says to defer (it may be an attack, or a zone's
 *     signing fault that its owner will repair);</li>
 * <li>no answer (timeouts): waits with {@code 451 4.4.3}, as routing's DNS failures do;</li>
 * <li>a validated NXDOMAIN or null MX bounces as routing would; an unvalidated one waits, since
 *     routing, asking the same names, found the domain a moment ago.</li>
 * </ul>
 */
final class DaneRoute {

    /** What to do with the delivery. */
    sealed interface Decision {
        Dnssec dnssec();
    }

    /** Deliver to these targets; {@link MxTarget#secure()} tells which of them DANE applies to. */
    record Go(List<MxTarget> targets, Dnssec dnssec) implements Decision {
        Go {
            targets = List.copyOf(targets);
        }
    }

    /** Send nothing: every recipient gets this reply, written by Caravan. */
    record Stop(Reply reply, Dnssec dnssec) implements Decision {

        DeliveryResult result(Envelope envelope) {
            List<RecipientOutcome> outcomes = new ArrayList<>();
            for (Recipient r : envelope.recipients()) {
                outcomes.add(new RecipientOutcome(r, reply, Phase.CONNECT, false));
            }
            return new DeliveryResult(outcomes, null, TlsInfo.NONE, List.of(), dnssec);
        }
    }

    private final MxResolver validated;

    /** @param validated MX resolution over the validating resolver of the TLSA lookups */
    DaneRoute(MxResolver validated) {
        this.validated = validated;
    }

    Decision resolve(DeliveryRoute route) {
        String nexthop = route.nexthop();
        String host = nexthop.substring(nexthop.indexOf(':') + 1);
        if (host.startsWith("[")) {
            return decide(validated.resolveHost(host.substring(1, host.indexOf(']'))), route.port());
        }
        int port = host.indexOf(':');
        host = port >= 0 ? host.substring(0, port) : host;
        return decide(validated.resolve(host.isEmpty() ? route.firstDomain() : host), route.port());
    }

    static Decision decide(MxResult result, int port) {
        if (result instanceof MxResult.Resolved r) {
            List<MxTarget> targets = new ArrayList<>();
            for (MxHost host : r.hosts()) {
                boolean secure = r.dnssec() == Dnssec.SECURE && host.dnssec() == Dnssec.SECURE;
                host.addresses().forEach(a -> targets.add(new MxTarget(host.name(), a, port, secure)));
            }
            return new Go(targets, r.dnssec());
        }
        if (result instanceof MxResult.TemporaryFailure t) {
            return t.dnssec() == Dnssec.BOGUS
                    ? new Stop(Replies.local(451, "4.7.5", "DANE: " + t.text()), Dnssec.BOGUS)
                    : new Stop(Replies.local(451, "4.4.3", "DANE: " + t.text()), t.dnssec());
        }
        MxResult.PermanentFailure p = (MxResult.PermanentFailure) result;
        return p.dnssec() == Dnssec.SECURE
                ? new Stop(Replies.local(550, p.status(), p.text()), Dnssec.SECURE)
                : new Stop(Replies.local(451, "4.4.3", "DANE: not validated: " + p.text()), p.dnssec());
    }
}
