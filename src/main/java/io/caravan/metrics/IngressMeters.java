package io.caravan.metrics;

import io.caravan.ingress.RefusalReason;
import io.caravan.ingress.session.IngressObserver;
import io.caravan.smtp.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * Ingress's meters for each listener: messages accepted, messages refused by reason
 * ({@link RefusalReason}), sessions open. Every counter of a listener is made when the listener starts.
 */
final class IngressMeters implements IngressObserver.Factory {

    static final String ACCEPTED = Metrics.PREFIX + "ingress.messages.accepted";
    static final String REJECTED = Metrics.PREFIX + "ingress.messages.rejected";
    static final String CONNECTIONS = Metrics.PREFIX + "ingress.connections";

    private final Metrics metrics;
    private final Map<String, AtomicReference<IntSupplier>> open = new ConcurrentHashMap<>();

    IngressMeters(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public IngressObserver listener(String listener, IntSupplier connections) {
        MeterRegistry registry = metrics.registry();
        Counter accepted = Counter.builder(ACCEPTED).description("Messages stored and answered 250")
                .tag("listener", listener).register(registry);
        Map<RefusalReason, Counter> rejected = new EnumMap<>(RefusalReason.class);
        for (RefusalReason reason : RefusalReason.values()) {
            rejected.put(reason, Counter.builder(REJECTED)
                    .description("MAIL, RCPT or message data refused by policy or for want of resources")
                    .tags("listener", listener, "reason", reason.label()).register(registry));
        }
        // a listener started again (a route restart) has new sessions: the gauge asks the latest server
        open.computeIfAbsent(listener, name -> {
            AtomicReference<IntSupplier> latest = new AtomicReference<>();
            metrics.gauge(CONNECTIONS, "SMTP sessions open on the listener", Tags.of("listener", name),
                    () -> latest.get().getAsInt());
            return latest;
        }).set(connections);
        return new IngressObserver() {
            @Override
            public void accepted() {
                accepted.increment();
            }

            @Override
            public void refused(Reply reply) {
                RefusalReason reason = RefusalReason.of(reply);
                if (reason != null) {
                    rejected.get(reason).increment();
                }
            }
        };
    }
}
