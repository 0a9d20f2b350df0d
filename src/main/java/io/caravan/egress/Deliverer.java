package io.caravan.egress;

import io.caravan.egress.shaping.ConcurrencyLimiter;
import io.caravan.egress.shaping.RateLimiter;
import io.caravan.egress.shaping.ShapingRules;
import io.caravan.egress.shaping.ShapingSpec;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.SmtpClient;
import io.caravan.egress.smtp.SmtpSource;
import io.caravan.egress.tls.TlsPolicyMap;
import io.caravan.message.DeliveryRoute;
import io.caravan.message.Envelope;
import io.caravan.reputation.ReputationState;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Address;

/**
 * Runs one delivery attempt from a chosen source, within the destination's connection limits.
 *
 * <p>Policy: a delivery takes one slot of its destination (the provider, or the recipient domain
 * when no provider rule matches, as {@code shaping.yaml} says) for as long as it talks to the
 * receiver, and one message of the source × destination message rate; with no slot free, or the
 * rate spent, it is not attempted at all and the caller puts it back on the queue for a moment
 * (the busy delay, or until the rate allows) instead of holding a consumer thread. The per-source
 * share and rate shrink with the source's reputation factor. The caller's thread waits for the non-blocking client with a bound,
 * never a Netty event loop.
 */
public final class Deliverer implements AutoCloseable {

    /** What became of a delivery: attempted, or to be tried again after {@code delay}. */
    public sealed interface Outcome {
    }

    public record Attempted(DeliveryResult result) implements Outcome {
    }

    public record Later(Duration delay, String why) implements Outcome {
    }

    private final SmtpClient client;
    private final ShapingRules shaping;
    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();
    private final RateLimiter rates;
    private final Duration busyDelay;
    private final TlsPolicyMap tls;
    private final ReputationState reputation;
    private final Clock clock;
    private final Duration timeout;

    public Deliverer(SmtpClient client, ShapingRules shaping, TlsPolicyMap tls, ReputationState reputation, Clock clock,
                     Duration timeout, Duration busyDelay) {
        this.rates = new RateLimiter(clock);
        this.busyDelay = busyDelay;
        this.client = client;
        this.shaping = shaping;
        this.tls = tls;
        this.reputation = reputation;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * @return the attempt's result, or when to try again (no free connection slot, rate spent)
     * @throws TimeoutException when the attempt outlasts the bound (the caller rolls back)
     */
    public Outcome deliver(DeliveryRoute route, SmtpSource source, String sourceName,
                                            Envelope envelope, byte[] message)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<MxTarget> targets = targets(route);
        String domain = route.domains().isEmpty() ? targets.get(0).hostname() : route.domains().get(0);
        String mx = targets.get(0).hostname();
        ShapingSpec spec = shaping.resolve(domain, mx);
        double factor = Math.min(1.0, Math.max(0.01, reputation.rateFactor(sourceName, route.provider(),
                clock.instant())));
        String destination = shaping.destination(domain, mx);
        Optional<ConcurrencyLimiter.Permit> permit = limiter.tryAcquire(sourceName, destination, spec, factor);
        if (permit.isEmpty()) {
            return new Later(busyDelay, destination + " is at its connection limit");
        }
        try (ConcurrencyLimiter.Permit held = permit.get()) {
            Duration wait = rates.tryAcquire(sourceName + "|" + destination, spec.messageRate(), factor);
            if (!wait.isZero()) {
                return new Later(wait, sourceName + " is at its message rate to " + destination);
            }
            return new Attempted(client.deliver(source, targets, tls.levelFor(domain), envelope, message)
                    .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Every address of every host, in the order routing gave (MX preference, IPv4 first). */
    static List<MxTarget> targets(DeliveryRoute route) {
        List<MxTarget> out = new ArrayList<>();
        for (DeliveryRoute.Hop hop : route.hosts()) {
            for (String address : hop.addresses()) {
                try {
                    out.add(new MxTarget(hop.name(), Address.getByAddress(address), route.port()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("route of " + route.nexthop() + ": not an address: " + address);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("route of " + route.nexthop() + " has no host address");
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
    }
}
