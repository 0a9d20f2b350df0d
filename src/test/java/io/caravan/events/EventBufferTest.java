package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * A full event buffer drops what does not fit, without blocking or failing the stage that offered it,
 * and the console's JMX tab counts the drops.
 */
class EventBufferTest {

    @Test
    void aFullBufferDropsAndCountsInsteadOfFailingTheSender() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.caravan:type=EventBuffer,node=\"pop-9\",name=test");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            EventBuffer buffer = new EventBuffer("seda:test-events?size=2", "test event", "pop-9", "test");
            buffer.attach(camel);
            camel.start();

            buffer.offer("first", 1);
            buffer.offer("second", 1);
            buffer.offer("three events in one", 3); // nothing reads the buffer: it is full

            assertEquals(2, jmx.getAttribute(name, "Queued"));
            assertEquals(3L, jmx.getAttribute(name, "Dropped"));
        }
        assertFalse(jmx.isRegistered(name), "gone with its Camel context");
    }

    @Test
    void aNodeStoppingLeavesTheBeanOfTheNodeThatReplacedItUnderTheSameName() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.caravan:type=EventBuffer,node=\"pop-8\",name=test");
        try (DefaultCamelContext newer = new DefaultCamelContext()) {
            try (DefaultCamelContext older = new DefaultCamelContext()) {
                new EventBuffer("seda:older-events?size=5", "test event", "pop-8", "test").attach(older);
                older.start();
                EventBuffer replacing = new EventBuffer("seda:newer-events?size=5", "test event", "pop-8", "test");
                replacing.attach(newer);
                newer.start();
                replacing.offer("only the newer node's", 1);
            }
            assertTrue(jmx.isRegistered(name), "the older node's stop must not take the newer node's bean");
            assertEquals(1, jmx.getAttribute(name, "Queued"));
        }
        assertFalse(jmx.isRegistered(name), "gone with the newer node's Camel context");
    }
}
