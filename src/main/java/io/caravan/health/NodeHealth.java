package io.caravan.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The node's liveness and readiness, through Camel's health-check registry: Camel's own context check (up
 * while the context runs) and Caravan's readiness conditions ({@link ConditionCheck}): not draining, the
 * broker available, the disk above ingress's floor. Ready means what ingress would answer a new client: a
 * node that is not ready refuses mail with 421, so a load balancer or an anycast announcement should send
 * the mail elsewhere.
 */
public final class NodeHealth {

    /**
     * The answer to one probe: up, or down with one line per failing check; and the node's notes, lines
     * that inform whatever the state (an edge's link to its core).
     */
    public record Answer(boolean up, List<String> reasons, List<String> notes) {

        public Answer(boolean up, List<String> reasons) {
            this(up, reasons, List.of());
        }
    }

    private final Supplier<CamelContext> camel;
    private final Supplier<List<String>> notes;

    private NodeHealth(Supplier<CamelContext> camel, Supplier<List<String>> notes) {
        this.camel = camel;
        this.notes = notes;
    }

    /**
     * Registers the readiness conditions with the context's health-check registry.
     *
     * @param camel      the running context, or null once it has stopped
     * @param draining   true from the first moment of a stop
     * @param drained    true while an operator has drained the node (io.caravan:type=Node)
     * @param broker     whether the broker takes messages now
     * @param diskLow    whether the data directory's free space is below ingress's floor
     */
    public static NodeHealth register(CamelContext context, Supplier<CamelContext> camel, BooleanSupplier draining,
                                      BooleanSupplier drained, BooleanSupplier broker, BooleanSupplier diskLow) {
        return register(context, camel, draining, drained, broker, diskLow, List::of);
    }

    /**
     * As above, with lines readiness shows without counting them as failures: an edge is ready while its
     * core is away, as it accepts and queues, and says so.
     *
     * @param notes the node's notes now
     */
    public static NodeHealth register(CamelContext context, Supplier<CamelContext> camel, BooleanSupplier draining,
                                      BooleanSupplier drained, BooleanSupplier broker, BooleanSupplier diskLow,
                                      Supplier<List<String>> notes) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            throw new IllegalStateException("camel-health is not on the class path: no health-check registry");
        }
        register(registry, context, new ConditionCheck("draining", draining,
                "the node is stopping: its SMTP listeners are draining"));
        register(registry, context, new ConditionCheck("drained", drained,
                "an operator drained the node: its SMTP listeners take no new mail (undrain or restart)"));
        register(registry, context, new ConditionCheck("broker", () -> !broker.getAsBoolean(),
                "the broker is unavailable: ingress answers 421"));
        register(registry, context, new ConditionCheck("storage", diskLow,
                "free space in the data directory is below caravan.smtp.guard.min-free-disk: ingress answers 421"));
        return new NodeHealth(camel, notes);
    }

    private static void register(HealthCheckRegistry registry, CamelContext context, ConditionCheck check) {
        check.setCamelContext(context);
        registry.register(check);
    }

    /** Up while the process and its Camel context run. */
    public Answer live() {
        CamelContext context = running();
        return context == null ? stopped() : answer(HealthCheckHelper.invokeLiveness(context));
    }

    /** Up when the node takes mail: Camel runs, no stop is under way, broker and disk can take it. */
    public Answer ready() {
        CamelContext context = running();
        if (context == null) {
            return stopped();
        }
        Answer answer = answer(HealthCheckHelper.invokeReadiness(context));
        return new Answer(answer.up(), answer.reasons(), List.copyOf(notes.get()));
    }

    private CamelContext running() {
        CamelContext context = camel.get();
        return context != null && context.isStarted() ? context : null;
    }

    private static Answer stopped() {
        return new Answer(false, List.of("camel: not running"));
    }

    private static Answer answer(Collection<HealthCheck.Result> results) {
        List<String> reasons = new ArrayList<>();
        for (HealthCheck.Result r : results) {
            if (r.getState() != HealthCheck.State.UP) {
                reasons.add(r.getCheck().getId() + ": " + r.getMessage().orElse(r.getState().name()));
            }
        }
        // no result at all would be a registry that lost its checks: that is no proof of health
        return new Answer(reasons.isEmpty() && !results.isEmpty(), List.copyOf(reasons));
    }
}
