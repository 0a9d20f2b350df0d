package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.Http;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java @config/jvm.options -jar target/caravan.jar} (the README's command) in an
 * empty directory holding only the shipped config: it binds its SMTP ports within 10 s, keeps
 * the console off until a console user exists (its port serving health all the same), and SIGTERM stops it
 * cleanly.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/caravan.jar").toAbsolutePath();
    private static final List<Integer> DEFAULT_PORTS = List.of(2525, 2587);

    @TempDir
    Path dir;

    @Test
    void runsFromAnEmptyDirectoryWithTheShippedConfig() throws Exception {
        TestNode.copyTree(Path.of("config"), dir.resolve("config"));
        Process gateway = new ProcessBuilder(javaBin(), "@config/jvm.options", "-jar", JAR.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int port : DEFAULT_PORTS) {
                while (!listening(port)) {
                    assertTrue(gateway.isAlive(), "gateway exited: " + Files.readString(dir.resolve("out.log")));
                    assertTrue(System.nanoTime() < deadline,
                            "port " + port + " not bound within 10 s: " + Files.readString(dir.resolve("out.log")));
                    Thread.sleep(100);
                }
            }
            while (!Files.readString(dir.resolve("out.log")).contains("started (")) {
                assertTrue(gateway.isAlive() && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(20),
                        "no start line: " + Files.readString(dir.resolve("out.log")));
                Thread.sleep(100);
            }
            assertTrue(Files.isDirectory(dir.resolve("data/broker/journal")), "journal in ./data");
            assertTrue(Files.readString(dir.resolve("out.log")).contains("console off: no users in"),
                    Files.readString(dir.resolve("out.log")));
            // the management port runs without console users: health and metrics, but no console
            assertEquals(404, Http.get(8161, "/hawtio/").status(), "no console without a console user");
            assertEquals(200, Http.get(8161, "/health/ready").status(), "ready with the shipped config");
            gateway.destroy();
            assertTrue(gateway.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(143, gateway.exitValue());
            assertTrue(Files.readString(dir.resolve("out.log")).contains("(caravan) shutdown"),
                    Files.readString(dir.resolve("out.log")));
        } finally {
            gateway.destroyForcibly().waitFor();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
