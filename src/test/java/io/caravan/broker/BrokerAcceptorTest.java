package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.config.ConfigException;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker has no users of its own: by default nothing outside the process reaches it. */
class BrokerAcceptorTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultTheBrokerAcceptsOnlyInsideTheProcess() throws Exception {
        try (Gateway gateway = new TestNode(dir).start()) {
            Set<String> acceptors = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(ObjectName.getInstance("org.apache.activemq.artemis:component=acceptors,*"), null)
                    .stream().map(n -> n.getKeyProperty("name")).collect(Collectors.toSet());
            assertEquals(Set.of("\"in-vm\""), acceptors);
        }
    }

    @Test
    void aTcpAcceptorBeyondLoopbackRefusesToStart() {
        TestNode node = new TestNode(dir).set("caravan.broker.listen", "0.0.0.0:" + ChildJvm.freePort());
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("caravan.broker.listen=0.0.0.0:"), e.getMessage());
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }

    @Test
    void aCertificateWithoutItsKeyStopsTheStart() {
        TestNode node = new TestNode(dir).set("caravan.broker.listen", "127.0.0.1:" + ChildJvm.freePort())
                .set("caravan.broker.listen.tls.certificate", dir.resolve("core.pem").toString());
        ConfigException e = assertThrows(ConfigException.class, node::start);
        assertTrue(e.getMessage().contains("caravan.broker.listen.tls.key go together"), e.getMessage());
    }
}
