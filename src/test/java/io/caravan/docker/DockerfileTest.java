package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravan.config.Key;
import io.caravan.config.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the image promises (docs/SECURITY.md, "Docker image") and a linter cannot know about. */
class DockerfileTest {

    /** Numeric, so Kubernetes' runAsNonRoot can verify it, and not root. */
    @Test
    void runsAsAFixedNonRootUser() {
        List<String> users = Dockerfiles.arguments("USER");
        assertEquals(List.of("10001:10001"), users);
        assertTrue(Dockerfiles.arguments("RUN").stream()
                .anyMatch(run -> run.contains("install -d -o 10001 -g 10001 -m 0700 /opt/caravan/data")),
                "the data directory belongs to the user, mode 0700");
    }

    /** The console is reachable from outside the container only when the operator says so. */
    @Test
    void leavesTheConsoleOnLoopback() {
        assertFalse(Dockerfiles.arguments("ENV").stream().anyMatch(env -> env.contains("CARAVAN_CONSOLE")),
                Dockerfiles.arguments("ENV").toString());
        assertFalse(Dockerfiles.arguments("EXPOSE").stream().anyMatch(ports -> ports.contains("8161")));
    }

    /** java is exec'd by the shell that set the umask, so it is PID 1 and gets SIGTERM itself. */
    @Test
    void stopsOnSigtermWithJavaAsPid1() {
        assertEquals(List.of("SIGTERM"), Dockerfiles.arguments("STOPSIGNAL"));
        List<String> entrypoint = Dockerfiles.arguments("ENTRYPOINT");
        assertEquals(1, entrypoint.size());
        assertTrue(entrypoint.get(0).contains("umask 077 && exec java "), entrypoint.get(0));
    }

    /**
     * Docker's default of 10 s would kill a node in the middle of its graceful stop; the grace period covers the
     * shutdown timeout plus 30 s for the broker to close its journal (docs/SECURITY.md says the same).
     */
    @Test
    void composeWaitsLongerThanTheShutdownTimeout() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker/compose.yaml").toFile())
                .path("services");
        Duration shutdown = Values.duration(Key.SHUTDOWN_TIMEOUT.defaultValue());
        int nodes = 0;
        for (JsonNode service : services) {
            if (!service.path("image").asText().equals("caravan")) {
                continue;
            }
            nodes++;
            Duration grace = Values.duration(service.path("stop_grace_period").asText());
            assertTrue(grace.compareTo(shutdown.plusSeconds(30)) >= 0, grace + " against " + shutdown);
            assertTrue(service.path("volumes").path(0).asText().endsWith(":/opt/caravan/data"),
                    "the data volume first: " + service.path("volumes"));
            assertEquals("docker/Dockerfile", service.path("build").path("dockerfile").asText());
        }
        assertEquals(5, nodes, "two edges, a core, two egress nodes");
    }
}
