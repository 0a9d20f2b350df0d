package io.caravan.events;

import io.caravan.app.Gateway;
import io.caravan.console.ConsoleAccess;
import io.caravan.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caravan's MBeans, as the console reads them from the platform MBean server: descriptions and named parameters. */
class BeanDescriptionsTest {

    /** The description StandardMBean gives when the interface says nothing. */
    private static final Set<String> INTROSPECTED = Set.of("Operation exposed for management",
            "Attribute exposed for management", "Information on the management interface of the MBean", "");

    @TempDir
    Path dir;

    @Test
    void everyBeanOfANodeIsDescribed() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (Gateway node = new TestNode(dir).set("caravan.node.name", "desc-1").start()) {
            MBeanInfo reputation = jmx.getMBeanInfo(new ObjectName("io.caravan:type=Reputation,node=\"desc-1\""));
            MBeanOperationInfo resume = operation(reputation, "resume");
            assertEquals(List.of("source", "provider"), Arrays.stream(resume.getSignature())
                    .map(MBeanParameterInfo::getName).toList());
            assertEquals(List.of("The egress source's name, or a pool's (all its sources), as in egress.yaml",
                            "The provider's name, as in providers.yaml"),
                    Arrays.stream(resume.getSignature()).map(MBeanParameterInfo::getDescription).toList());
            assertTrue(resume.getDescription().startsWith("Lifts a suspension or block early"), resume.getDescription());
            assertEquals(List.of("source", "provider", "duration"), Arrays.stream(operation(reputation, "suspend")
                    .getSignature()).map(MBeanParameterInfo::getName).toList());

            List<ObjectName> names = List.of(new ObjectName("io.caravan:type=Reputation,node=\"desc-1\""),
                    new ObjectName("io.caravan:type=StageConsumers,queue=\"caravan.delivery\""),
                    new ObjectName("io.caravan:type=Node,node=\"desc-1\""),
                    new ObjectName("io.caravan:type=Queues,node=\"desc-1\""));
            Set<ObjectName> buffers = jmx.queryNames(new ObjectName("io.caravan:type=EventBuffer,*"), null);
            assertFalse(buffers.isEmpty(), "the node shows its event buffers");
            for (ObjectName name : concat(names, buffers)) {
                assertDescribed(jmx.getMBeanInfo(name), name.toString());
            }
        }
    }

    @Test
    void theConsoleSecurityBeanIsDescribed() throws Exception {
        ObjectName name = ConsoleAccess.register(false);
        try {
            MBeanInfo info = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name);
            assertDescribed(info, name.toString());
            List<List<String>> signatures = Arrays.stream(info.getOperations())
                    .map(o -> Arrays.stream(o.getSignature()).map(MBeanParameterInfo::getName).toList()).toList();
            assertEquals(Set.of(List.of("objectName"), List.of("objectName", "methodName"),
                    List.of("objectName", "methodName", "argumentTypes"), List.of("bulkQuery")), Set.copyOf(signatures));
        } finally {
            ConsoleAccess.unregister(name);
        }
    }

    private static void assertDescribed(MBeanInfo info, String bean) {
        assertFalse(INTROSPECTED.contains(info.getDescription()), bean);
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertFalse(INTROSPECTED.contains(a.getDescription()), bean + " " + a.getName());
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            assertFalse(INTROSPECTED.contains(o.getDescription()), bean + " " + o.getName());
            for (MBeanParameterInfo p : o.getSignature()) {
                assertFalse(p.getName().matches("p[0-9]+"), bean + " " + o.getName() + " " + p.getName());
                assertFalse(INTROSPECTED.contains(p.getDescription()), bean + " " + o.getName() + " " + p.getName());
            }
        }
    }

    private static MBeanOperationInfo operation(MBeanInfo info, String name) {
        return Arrays.stream(info.getOperations()).filter(o -> o.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<ObjectName> concat(List<ObjectName> a, Set<ObjectName> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
