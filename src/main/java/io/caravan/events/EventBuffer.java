package io.caravan.events;

import io.caravan.jmx.Beans;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seda buffer in front of one of the region's streams, as the stages see it: {@link #offer} never
 * blocks and never throws; an event that finds the buffer full is dropped, counted, and reported in a WARN
 * line at most once a minute. The counts are in JMX for as long as the Camel context runs.
 */
final class EventBuffer extends ServiceSupport implements EventBufferMBean {

    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(EventBuffer.class);

    private final String uri;
    private final String what;
    private final ObjectName name;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile ProducerTemplate template;
    private volatile SedaEndpoint endpoint;

    /**
     * @param uri  a seda URI that neither blocks nor discards when full, so a full buffer refuses the send
     * @param what what one event is, for the log
     */
    EventBuffer(String uri, String what, String node, String buffer) {
        this.uri = uri;
        this.what = what;
        try {
            this.name = new ObjectName("io.caravan:type=EventBuffer,node=" + ObjectName.quote(node)
                    + ",name=" + buffer);
        } catch (JMException e) {
            throw new IllegalArgumentException("event buffer name: " + e.getMessage(), e);
        }
    }

    String uri() {
        return uri;
    }

    String what() {
        return what;
    }

    /** Resolves the buffer in {@code context}, shows it in JMX, and leaves both when the context stops. */
    void attach(CamelContext context) {
        endpoint = context.getEndpoint(uri, SedaEndpoint.class);
        template = context.createProducerTemplate();
        try {
            context.addService(this); // for doStop
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach " + name + " to the Camel context", e);
        }
        Beans.show(name, this, EventBufferMBean.class);
    }

    /** Buffers {@code body}, which carries {@code events} events, or drops and counts them. */
    void offer(Object body, int events) {
        Exchange sent = template.send(endpoint, exchange -> exchange.getIn().setBody(body));
        if (sent.getException() == null) {
            return;
        }
        dropped.add(events);
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warn("{} dropped, {} in all since start: {}", what, dropped.sum(), sent.getException().getMessage());
        }
    }

    @Override
    public int getQueued() {
        SedaEndpoint e = endpoint;
        return e == null ? 0 : e.getCurrentQueueSize();
    }

    @Override
    public long getDropped() {
        return dropped.sum();
    }

    @Override
    protected void doStop() {
        Beans.hide(name, this);
    }
}
