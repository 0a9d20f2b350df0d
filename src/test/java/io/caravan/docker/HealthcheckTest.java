package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Gateway;
import io.caravan.config.Key;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's HEALTHCHECK command, taken from docker/Dockerfile and run the way Docker runs it
 * ({@code /bin/sh -c}, the port in CARAVAN_SMTP_MX_PORT), against a real node on loopback.
 */
class HealthcheckTest {

    private final String check = Dockerfiles.healthCommand();

    @Test
    void passesWhileTheNodeRunsAndFailsOnceNothingListens(@TempDir Path dir) {
        int port;
        try (Gateway gateway = new TestNode(dir).start()) {
            port = gateway.smtpPort("mx");
            Command healthy = runCheck(port);
            assertEquals(0, healthy.exit(), "a running node is healthy: " + healthy.output());
        }
        Command stopped = runCheck(port);
        assertNotEquals(0, stopped.exit(), "nothing listens on " + port + " any more");
    }

    /** A listener that refuses (421, 554) is as unhealthy as none: the banner's code is checked, not the connect. */
    @Test
    void failsWhenTheListenerDoesNotGreetWith220() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread refuser = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("421 4.3.2 not now\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    client.getInputStream().read(); // hold the connection until the check hangs up
                } catch (IOException ignored) {
                    // the check closed first
                }
            });
            refuser.start();
            Command refused = runCheck(server.getLocalPort());
            refuser.join(10_000);
            assertNotEquals(0, refused.exit(), "421 banner: " + refused.output());
        }
    }

    /** Without CARAVAN_SMTP_MX_PORT the check probes the port the gateway binds by default. */
    @Test
    void defaultPortIsTheGatewaysDefault() {
        assertTrue(check.contains("${CARAVAN_SMTP_MX_PORT:-" + Key.SMTP_MX_PORT.defaultValue() + "}"), check);
    }

    private Command runCheck(int port) {
        return Command.run(Duration.ofSeconds(30), Map.of("CARAVAN_SMTP_MX_PORT", String.valueOf(port)),
                List.of("sh", "-c", check));
    }
}
