package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.Http;
import io.caravan.testing.PackagedGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of the packaged jar, with users added by the jar's own {@code user add}: who may read, who may
 * act, what nobody may do, and that a console open to the network without a login never starts.
 */
class ConsoleIT {

    private static final String HOLD = "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,"
            + "address=\"caravan.incoming.hold\",subcomponent=queues,routing-type=\"anycast\","
            + "queue=\"caravan.incoming.hold\"";

    @TempDir
    Path dir;

    @Test
    void theConsoleGivesEachRoleItsOwnAndNobodyTheJvm() throws Exception {
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            assertEquals(0, gateway.command("vera-pass", "user", "add", "--console", "vera", "--role", "viewer",
                    "--password-stdin"), gateway.commandLog());
            assertEquals(0, gateway.command("otto-pass", "user", "add", "--console", "otto", "--role", "operator",
                    "--password-stdin"), gateway.commandLog());
            gateway.start();
            Jolokia anonymous = Jolokia.at(gateway.consolePort());
            Jolokia viewer = anonymous.as("vera", "vera-pass");
            Jolokia operator = anonymous.as("otto", "otto-pass");

            assertEquals(401, anonymous.status("read/" + Jolokia.path(HOLD + "/MessageCount")));
            assertTrue(viewer.read(HOLD + "/MessageCount").contains("\"value\":0"));
            assertEquals(403, viewer.execStatus(HOLD, "removeAllMessages()"));

            String flushed = operator.exec(HOLD, "removeAllMessages()");
            assertTrue(flushed.contains("\"status\":200"), flushed);
            assertEquals(403, operator.execStatus("com.sun.management:type=DiagnosticCommand",
                    "jvmtiAgentLoad([Ljava.lang.String;)", "[\"/tmp/agent.so\"]"));

            Jolokia.Answer crossOrigin = operator.origin("http://attacker.example")
                    .call("read/" + Jolokia.path(HOLD + "/MessageCount"));
            assertTrue(crossOrigin.header("Access-Control-Allow-Origin").isEmpty(), crossOrigin.toString());
            assertFalse(crossOrigin.body().contains("\"value\""), crossOrigin.toString());
            assertEquals(143, gateway.stop());
        }
    }

    @Test
    void withoutUsersTheConsoleStaysOffAndSaysHowToAddOne() throws Exception {
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            gateway.start();
            assertTrue(gateway.log().contains("console off: no users in"), gateway.log());
            assertTrue(gateway.log().contains("user add --console"), gateway.log());
            assertEquals(404, Http.get(gateway.consolePort(), "/hawtio/").status(), "no console");
            assertEquals(200, Http.get(gateway.consolePort(), "/health/ready").status(), "health all the same");
            assertEquals(143, gateway.stop());
        }
    }

    @Test
    void anOpenConsoleWithoutLoginRefusesToStart() throws Exception {
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            gateway.set("caravan.console.bind", "0.0.0.0").set("caravan.console.authentication", false);
            assertEquals(1, gateway.startExpectingExit());
            assertTrue(gateway.log().contains("caravan.console.bind=0.0.0.0 without a login"), gateway.log());
            assertTrue(gateway.log().contains("caravan.console.authentication=true"), gateway.log());
        }
    }
}
