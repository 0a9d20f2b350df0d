package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.config.UserFile;
import io.caravan.ingress.auth.PasswordHasher;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hawtio is served by the gateway, its Jolokia sees the Camel routes, the Artemis queues and Caravan's own
 * MBeans, and it gives each of them only to whom {@link ConsolePolicy} says.
 */
class ConsoleTest {

    private static final String INCOMING = "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,"
            + "address=\"caravan.incoming\",subcomponent=queues,routing-type=\"anycast\",queue=\"caravan.incoming\"";

    @TempDir
    Path dir;

    @Test
    void hawtioShowsCamelAndArtemisToAViewer() throws Exception {
        try (Gateway gateway = withUsers("console-node").start()) {
            Jolokia viewer = Jolokia.at(gateway.consolePort()).as("vera", "vera-pass");
            assertEquals(200, viewer.page("/").statusCode());
            assertTrue(viewer.page("/").body().toLowerCase().contains("hawtio"), "the Hawtio page");
            String config = viewer.page("/hawtconfig.json").body();
            assertTrue(config.contains("\"disabledRoutes\": [\"/connect\"]")
                    && config.contains("\"appName\": \"Caravan\""), "Caravan's front-end settings, not the war's: " + config);

            String route = viewer.read("org.apache.camel:context=caravan,type=routes,name=\"routing\"/State");
            assertTrue(route.contains("\"value\":\"Started\""), route);
            String queue = viewer.read(INCOMING + "/MessageCount");
            assertTrue(queue.contains("\"value\":0"), queue);
            String suspensions = viewer.read("io.caravan:type=Reputation,node=\"console-node\"/ActiveSuspensionCount");
            assertTrue(suspensions.contains("\"value\":0"), suspensions);
            String listed = viewer.exec(INCOMING, "listMessagesAsJSON(java.lang.String)", "");
            assertTrue(listed.contains("\"status\":200"), listed);
        }
    }

    @Test
    void withoutGoodCredentialsNothingIsAnswered() throws Exception {
        try (Gateway gateway = withUsers("no-login").start()) {
            Jolokia anonymous = Jolokia.at(gateway.consolePort());
            assertEquals(401, anonymous.status("read/" + Jolokia.path(INCOMING + "/MessageCount")));
            // refused credentials hear Hawtio's 403, a known user's wrong password and an unknown user alike
            assertEquals(403, Jolokia.at(gateway.consolePort()).as("vera", "wrong")
                    .status("read/" + Jolokia.path(INCOMING + "/MessageCount")));
            assertEquals(403, Jolokia.at(gateway.consolePort()).as("nobody", "vera-pass")
                    .status("read/" + Jolokia.path(INCOMING + "/MessageCount")));
        }
    }

    @Test
    void aViewerMayNotActNorReadBodies() throws Exception {
        try (Gateway gateway = withUsers("viewer-node").start()) {
            Jolokia viewer = Jolokia.at(gateway.consolePort()).as("vera", "vera-pass");
            assertEquals(403, viewer.execStatus(INCOMING, "removeAllMessages()"));
            assertEquals(403, viewer.execStatus(INCOMING, "browse()"));
            assertEquals(403, viewer.execStatus(INCOMING, "sendMessage(java.util.Map,int,java.lang.String,"
                    + "boolean,java.lang.String,java.lang.String)", "{}", 3, "hello", true, "", ""));
        }
    }

    @Test
    void anOperatorMayFlushAQueueButNotDiagnoseTheJvm() throws Exception {
        try (Gateway gateway = withUsers("operator-node").start()) {
            Jolokia operator = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass");
            String removed = operator.exec(INCOMING, "removeAllMessages()");
            assertTrue(removed.contains("\"status\":200"), removed);
            assertEquals(403, operator.execStatus("com.sun.management:type=DiagnosticCommand", "vmVersion()"));
            assertEquals(403, operator.execStatus("com.sun.management:type=DiagnosticCommand",
                    "jvmtiAgentLoad([Ljava.lang.String;)", "[\"/tmp/x.so\"]"));
            assertEquals(403, operator.execStatus("com.sun.management:type=HotSpotDiagnostic",
                    "dumpHeap(java.lang.String,boolean)", "/tmp/heap.hprof", true));
        }
    }

    @Test
    void aForeignPageGetsNoGrantAndAForeignHostNoAnswer() throws Exception {
        try (Gateway gateway = withUsers("origin-node").start()) {
            Jolokia.Answer foreign = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass")
                    .origin("http://evil.example").call("read/" + Jolokia.path(INCOMING + "/MessageCount"));
            assertFalse(foreign.body().contains("\"status\":200"), foreign.body());
            assertTrue(foreign.header("Access-Control-Allow-Origin").isEmpty(), foreign.toString());
            assertTrue(foreign.header("Access-Control-Allow-Credentials").isEmpty(), foreign.toString());

            Jolokia.Answer own = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass")
                    .origin("http://127.0.0.1:" + gateway.consolePort())
                    .call("read/" + Jolokia.path(INCOMING + "/MessageCount"));
            assertTrue(own.body().contains("\"status\":200"), own.toString());

            Jolokia.Answer ownPage = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass")
                    .referer("http://127.0.0.1:" + gateway.consolePort() + "/hawtio/camel/routes")
                    .call("read/" + Jolokia.path(INCOMING + "/MessageCount"));
            assertTrue(ownPage.body().contains("\"status\":200"), "a plain GET from the console's page: " + ownPage);
            Jolokia.Answer foreignPage = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass")
                    .referer("http://127.0.0.1:" + gateway.consolePort() + "0/x")
                    .call("read/" + Jolokia.path(INCOMING + "/MessageCount"));
            assertFalse(foreignPage.body().contains("\"status\":200"), "another port's page: " + foreignPage);

            Jolokia.Answer rebound = Jolokia.at(gateway.consolePort()).as("otto", "otto-pass")
                    .host("attacker.example").call("read/" + Jolokia.path(INCOMING + "/MessageCount"));
            assertFalse(rebound.body().contains("\"status\":200"), rebound.toString());
        }
    }

    private TestNode withUsers(String name) {
        TestNode node = new TestNode(dir).set("caravan.console.enabled", true).set("caravan.console.port", 0)
                .set("caravan.node.name", name);
        UserFile.put(node.config().resolve(ConsoleUsers.FILE), "vera", "viewer:" + PasswordHasher.hash("vera-pass", 1000));
        UserFile.put(node.config().resolve(ConsoleUsers.FILE), "otto", "operator:" + PasswordHasher.hash("otto-pass", 1000));
        return node;
    }
}
