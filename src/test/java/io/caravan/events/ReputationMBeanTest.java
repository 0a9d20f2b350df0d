package io.caravan.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.maillog.MailLog;
import io.caravan.reputation.ReputationEvent;
import io.caravan.testing.LogCapture;
import io.caravan.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator sees a suspension in JMX (the console's JMX tab) with its reason and end, and can lift it. */
class ReputationMBeanTest {

    @TempDir
    Path dir;

    @Test
    void suspensionsAreVisibleAndCanBeLifted() throws Exception {
        try (Gateway node = new TestNode(dir).set("caravan.node.name", "pop-1").start();
             LogCapture log = new LogCapture(MailLog.LOGGER)) {
            Instant until = Instant.now().plus(Duration.ofHours(1));
            node.reputation().apply(ReputationEvent.Suspended.of("local", "pop-1", "local-tx-1", "gmail",
                    "421 4.7.28 unusual rate", "gmail-ip-rate-limit", until, Instant.now(), false));
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.caravan:type=Reputation,node=\"pop-1\"");

            assertEquals(1, jmx.getAttribute(name, "ActiveSuspensionCount"));
            String line = ((String[]) jmx.getAttribute(name, "ActiveSuspensions"))[0];
            assertTrue(line.contains("local-tx-1") && line.contains("gmail") && line.contains(until.toString())
                    && line.contains("421 4.7.28"), line);

            Object answer = jmx.invoke(name, "resume", new Object[] {"local-tx-1", "gmail"},
                    new String[] {String.class.getName(), String.class.getName()});
            assertEquals("local-tx-1 resumed for gmail", answer);
            assertFalse(node.reputation().isSuspended("local-tx-1", "gmail", Instant.now()));
            assertEquals(0, jmx.getAttribute(name, "ActiveSuspensionCount"));
            assertTrue(log.messages().contains("source=local-tx-1 provider=gmail status=resumed"
                    + " rule=gmail-ip-rate-limit node=pop-1 (lifted by an operator)"), log.messages().toString());
        }
    }

    @Test
    void anOperatorSuspendsAPoolForAProviderAndAnUnknownSourceIsRefused() throws Exception {
        try (Gateway node = new TestNode(dir).set("caravan.node.name", "pop-2").start();
             LogCapture log = new LogCapture(MailLog.LOGGER)) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.caravan:type=Reputation,node=\"pop-2\"");
            String[] signature = {String.class.getName(), String.class.getName(), String.class.getName()};

            Object answer = jmx.invoke(name, "suspend", new Object[] {"transactional", "gmail", "30m"}, signature);
            assertTrue(answer.toString().startsWith("local-tx-1 suspended for gmail until "), answer.toString());
            assertTrue(answer.toString().contains("; local-tx-2 suspended for gmail until "), answer.toString());
            assertTrue(node.reputation().isSuspended("local-tx-1", "gmail", Instant.now()));
            assertTrue(node.reputation().isSuspended("local-tx-2", "gmail", Instant.now()));
            assertFalse(node.reputation().isSuspended("local-bulk-1", "gmail", Instant.now()));
            assertEquals(2, jmx.getAttribute(name, "ActiveSuspensionCount"));
            assertTrue(log.messages().stream().anyMatch(m -> m.startsWith("source=local-tx-1 provider=gmail"
                    + " status=suspended rule=operator until=") && m.endsWith("node=pop-2 (suspended by an operator)")),
                    log.messages().toString());

            assertEquals("local-tx-1 stays suspended for gmail (a longer suspension is in force)",
                    jmx.invoke(name, "suspend", new Object[] {"local-tx-1", "gmail", "5m"}, signature));
            assertEquals("local-tx-1 resumed for gmail; local-tx-2 resumed for gmail",
                    jmx.invoke(name, "resume", new Object[] {"transactional", "gmail"},
                            new String[] {String.class.getName(), String.class.getName()}));

            javax.management.RuntimeMBeanException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    javax.management.RuntimeMBeanException.class,
                    () -> jmx.invoke(name, "suspend", new Object[] {"nowhere-1", "gmail", "30m"}, signature));
            assertTrue(String.valueOf(refused.getCause()).contains("no source or pool named 'nowhere-1'"),
                    String.valueOf(refused.getCause()));
        }
    }
}
