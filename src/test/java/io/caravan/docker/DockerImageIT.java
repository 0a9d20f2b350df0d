package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Builds docker/Dockerfile and runs the image, where a Docker engine runs. A Failsafe test because the image
 * copies target/caravan.jar, which exists only after package. Without an engine (the development and CI
 * machines) only this test is skipped; DockerfileLintTest checks the Dockerfile there without one.
 */
class DockerImageIT {

    private final String name = "caravan-it-" + ProcessHandle.current().pid();

    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES) // the image build alone may take 30
    void buildsAndRunsHealthyAsUid10001AndStopsOnSigterm() throws InterruptedException {
        assumeTrue(Command.run(Duration.ofSeconds(30), "docker", "info").succeeded(),
                "no Docker engine (docker info fails): the image is not built here, only linted");
        Command build = Command.run(Duration.ofMinutes(30), "docker", "build", "-f", "docker/Dockerfile",
                "-t", name, ".");
        assertEquals(0, build.exit(), build.output());
        try {
            assertEquals("10001:10001", docker("image", "inspect", "--format", "{{.Config.User}}", name));
            docker("run", "-d", "--name", name, "--stop-timeout", "60", name);
            try {
                awaitHealthy();
                docker("stop", name);
                assertEquals("143", docker("inspect", "--format", "{{.State.ExitCode}}", name),
                        "java, PID 1, stopped by SIGTERM: " + Command.run(Duration.ofMinutes(1), "docker", "logs",
                                name).output());
            } finally {
                Command.run(Duration.ofMinutes(2), "docker", "rm", "-f", name);
            }
        } finally {
            Command.run(Duration.ofMinutes(2), "docker", "rmi", "-f", name);
        }
    }

    /** The first check runs one interval (30 s) after the start; the start period is 120 s. */
    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("healthy")) {
            status = docker("inspect", "--format", "{{.State.Health.Status}}", name);
            assertNotEquals("unhealthy", status, Command.run(Duration.ofMinutes(1), "docker", "logs", name).output());
            Thread.sleep(2_000);
        }
        assertTrue(status.equals("healthy"), "not healthy within 3 min: " + status + "\n"
                + Command.run(Duration.ofMinutes(1), "docker", "logs", name).output());
    }

    private static String docker(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        Command result = Command.run(Duration.ofMinutes(3), command);
        assertEquals(0, result.exit(), String.join(" ", command) + ":\n" + result.output());
        return result.output().strip();
    }
}
