package io.caravan.ingress.guard;

import io.netty.channel.ChannelHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.caravan.ingress.session.GreetingAllowed;

import io.netty.channel.ChannelPipeline;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The edge protections of one SMTP listener: the state shared by all its connections, and the handlers to put
 * in front of each new connection's pipeline. Create one per listener at start; call {@link #install} from
 * the listener's {@code ChannelInitializer}; hand {@link #messages()} and {@link #gate()} to the SMTP session
 * for its MAIL FROM checks. {@code gate} and {@code dnsbl} may be null to leave that protection out.
 *
 * <p>Pipeline order and why: connection limits first (cheapest, and a refused connection should cost nothing
 * more), then the storage gate, then the pregreet test, then DNSBL (its lookups run during the greet delay).
 * The session, behind the SMTP line decoder, writes its banner on {@link GreetingAllowed}; with a greet delay of 0 and
 * no DNS list there is no pregreet handler, and the session greets as the connection opens.
 */
public record IngressGuards(
        GuardSettings settings,
        ConnectionGuard connections,
        MessageRateLimiter messages,
        AcceptanceGate gate,
        DnsblScorer dnsbl) {

    public static final String LIMITS = "guard-limits";
    public static final String GATE = "guard-gate";
    public static final String PREGREET = "guard-pregreet";
    public static final String DNSBL = "guard-dnsbl";

    public static IngressGuards create(GuardSettings settings, Path dataDir, BooleanSupplier brokerAvailable,
            Clock clock) {
        return new IngressGuards(settings,
                new ConnectionGuard(settings, clock),
                new MessageRateLimiter(settings, clock),
                new AcceptanceGate(dataDir, settings.minFreeDiskBytes(), brokerAvailable),
                settings.dnsbl().enabled() ? new DnsblScorer(settings.dnsbl(), clock) : null);
    }

    /** Puts the guard handlers at the front of a new connection's pipeline, ahead of anything already there. */
    public void install(ChannelPipeline pipeline) {
        List<Named> guards = named();
        for (int i = guards.size() - 1; i >= 0; i--) {
            pipeline.addFirst(guards.get(i).name(), guards.get(i).handler().get());
        }
    }

    /** One new handler per connection for each guard, in pipeline order, for a server that adds them itself. */
    public List<Supplier<ChannelHandler>> handlers() {
        return named().stream().map(Named::handler).toList();
    }

    private record Named(String name, Supplier<ChannelHandler> handler) {
    }

    private List<Named> named() {
        List<Named> out = new ArrayList<>();
        out.add(new Named(LIMITS, () -> new ConnectionLimitHandler(connections)));
        if (gate != null) {
            out.add(new Named(GATE, () -> new AcceptanceGateHandler(gate)));
        }
        // with no delay and no DNS list to wait for, the pregreet handler would only say "greet now" and leave
        // the pipeline: a handler added and removed per connection for nothing, so the session greets itself
        if (!settings.greetDelay().isZero() || dnsbl != null) {
            out.add(new Named(PREGREET, () -> new PregreetHandler(settings.greetDelay())));
        }
        if (dnsbl != null) {
            out.add(new Named(DNSBL, () -> new DnsblHandler(dnsbl)));
        }
        return out;
    }
}
