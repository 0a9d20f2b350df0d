package io.caravan.jmx;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Shows a node's MBeans in the platform MBean server under names that say which node they belong to. A
 * node started again under the same name in one JVM (tests do this) takes the name over; the older node,
 * stopping later, must then leave the newer one's bean where it is, so each name remembers its owner.
 */
public final class Beans {

    private static final Map<ObjectName, Object> OWNERS = new HashMap<>(); // guarded by OWNERS

    private Beans() {
    }

    /**
     * Registers {@code bean} under {@code name}, in place of whatever had that name, with the
     * {@link Description}s of its MBean interface {@code type}.
     */
    /** A constant name, written in code, so a malformed one is a bug. */
    public static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("object name " + name, e);
        }
    }

    public static <T> void show(ObjectName name, T bean, Class<T> type) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(new DescribedBean<>(bean, type), name);
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + name, e);
            }
            OWNERS.put(name, bean);
        }
    }

    /** Unregisters {@code name} if {@code bean} still holds it. */
    public static void hide(ObjectName name, Object bean) {
        synchronized (OWNERS) {
            if (!OWNERS.remove(name, bean)) {
                return; // taken over by a newer node, or never shown
            }
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException ignored) {
                // already gone: nothing to release
            }
        }
    }
}
