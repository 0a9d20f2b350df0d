package io.caravan.broker;

import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.sjms.SjmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sjms2 consumers (the event topics) anew once the broker is back after an outage; the
 * stage queues' own consumer ({@link StageConsumer}) reconnects by itself. Camel's sjms2 listener
 * containers recover their connection by themselves, but after an external broker was killed and
 * restarted under load they were seen to report success and then take nothing more off their
 * queue (nothing lost; the bench's broker-stop scenario). Restarting every started JMS consumer
 * route, once the broker has answered again and no failure came for a few seconds, does not
 * depend on that recovery.
 */
public final class ConsumerRestart implements ExceptionListener, AutoCloseable {

    /** The registry name the consumer endpoints refer to. */
    public static final String BEAN = "caravanConsumerRestart";

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRestart.class);

    private final BooleanSupplier brokerUp;
    private final Duration settle;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caravan-consumer-restart");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong lastFailure = new AtomicLong();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile CamelContext camel;

    /** @param settle how long after the last connection failure the restart waits */
    public ConsumerRestart(BooleanSupplier brokerUp, Duration settle) {
        this.brokerUp = brokerUp;
        this.settle = settle;
    }

    public void attach(CamelContext context) {
        this.camel = context;
    }

    @Override
    public void onException(JMSException e) {
        lastFailure.set(System.nanoTime());
        if (pending.compareAndSet(false, true)) {
            LOG.warn("broker connection lost ({}); event consumers restart once it is back", e.getMessage());
            timer.schedule(this::check, 1, TimeUnit.SECONDS);
        }
    }

    private void check() {
        CamelContext context = camel;
        if (context == null || context.isStopping() || context.isStopped()) {
            pending.set(false);
            return;
        }
        boolean settled = System.nanoTime() - lastFailure.get() >= settle.toNanos();
        if (!settled || !brokerUp.getAsBoolean()) {
            timer.schedule(this::check, 1, TimeUnit.SECONDS);
            return;
        }
        pending.set(false);
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            if (route.getEndpoint() instanceof SjmsEndpoint
                    && context.getRouteController().getRouteStatus(id).isStarted()) {
                try {
                    context.getRouteController().stopRoute(id);
                    context.getRouteController().startRoute(id);
                    LOG.info("consumer route {} restarted after the broker came back", id);
                } catch (Exception failed) {
                    LOG.warn("consumer route {} did not restart: {}", id, failed.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
