package io.caravan.app;

import io.caravan.jmx.Beans;
import java.util.function.BooleanSupplier;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeControlMBean} of a running gateway. An operator's drain is the first half of a stop
 * ({@link Listeners#drain}) without the stop: the node leaves the load balancer or its anycast prefix is
 * withdrawn (readiness), while what it has queued goes on being delivered.
 */
final class NodeControl implements NodeControlMBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeControl.class);

    private final CamelContext camel;
    private final BooleanSupplier stopping;
    private final ObjectName name;
    private volatile boolean drained;

    private NodeControl(CamelContext camel, BooleanSupplier stopping, ObjectName name) {
        this.camel = camel;
        this.stopping = stopping;
        this.name = name;
    }

    static NodeControl register(String node, CamelContext camel, BooleanSupplier stopping) {
        try {
            ObjectName name = new ObjectName("io.caravan:type=Node,node=" + ObjectName.quote(node));
            NodeControl bean = new NodeControl(camel, stopping, name);
            Beans.show(name, bean, NodeControlMBean.class);
            return bean;
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("cannot name the node MBean", e);
        }
    }

    /** Whether an operator has drained the node (the readiness condition {@code drained}). */
    boolean drained() {
        return drained;
    }

    @Override
    public boolean isDraining() {
        return drained || stopping.getAsBoolean();
    }

    @Override
    public synchronized String drain() {
        if (drained) {
            return "the node was already drained";
        }
        drained = true;
        Listeners.of(camel).drain();
        LOG.warn("drained by an operator: not ready, the SMTP listeners take no new mail (undrain to resume)");
        return "drained: not ready, the SMTP listeners take no new mail; queued mail is still delivered";
    }

    @Override
    public synchronized String undrain() {
        if (stopping.getAsBoolean()) {
            return "the node is stopping: it cannot be put back";
        }
        if (!drained) {
            return "the node was not drained";
        }
        Listeners.of(camel).undrain();
        drained = false;
        LOG.warn("undrained by an operator: the SMTP listeners take mail again");
        return "undrained: the SMTP listeners take mail again";
    }

    @Override
    public void close() {
        Beans.hide(name, this);
    }
}
