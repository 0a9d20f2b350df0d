package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/Dockerfile passes two linters from the npm registry (no Docker engine runs on the development or CI
 * machines, so nothing here may need one; DockerImageIT builds the image where one does). A linter that cannot
 * be installed or run fails the test: the check is never skipped.
 */
class DockerfileLintTest {

    private static final Path LINTERS = Path.of("target/dockerlint");
    /** Pinned, so a new linter release cannot turn the build red on its own. */
    private static final String[] PACKAGES = {"dockerfile-utils@0.16.3", "dockerfilelint@1.8.0"};
    /** The folder holding dockerfilelint's rule file, .dockerfilelintrc (it says which rule is off and why). */
    private static final String RULES = "docker";

    @BeforeAll
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // npm install is given 5
    static void installLinters() {
        String[] command = new String[7 + PACKAGES.length];
        String[] fixed = {"npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", LINTERS.toString()};
        System.arraycopy(fixed, 0, command, 0, fixed.length);
        System.arraycopy(PACKAGES, 0, command, fixed.length, PACKAGES.length);
        Command npm = Command.run(Duration.ofMinutes(5), command);
        assertEquals(0, npm.exit(), "npm install of the Dockerfile linters failed:\n" + npm.output());
    }

    @Test
    void dockerfileUtilsFindsNothing() {
        Command lint = dockerfileUtils(Dockerfiles.DOCKERFILE);
        assertEquals(0, lint.exit(), lint.output());
        assertEquals("[]", lint.output().strip(), "dockerfile-utils diagnostics");
    }

    @Test
    void dockerfilelintFindsNothing() throws IOException {
        JsonNode report = dockerfilelint(Dockerfiles.DOCKERFILE);
        assertEquals(0, report.path("totalIssues").asInt(-1), report.toPrettyString());
    }

    /** Both linters run for real with our rule file: a Dockerfile with known faults gets findings from each. */
    @Test
    void eachLinterReportsAFaultyDockerfile(@TempDir Path dir) throws IOException {
        Path faulty = dir.resolve("Dockerfile");
        Files.writeString(faulty, """
                FROM eclipse-temurin:17-jre-jammy
                RUN apt-get update && apt-get install -y libaio1
                HEALTHCHECK --interval=30 CMD true
                """);
        Command utils = dockerfileUtils(faulty);
        assertNotEquals(0, utils.exit(), "a duration without a unit is an error: " + utils.output());
        assertTrue(utils.output().contains("missing unit in duration"), utils.output());
        String report = dockerfilelint(faulty).toString();
        assertTrue(report.contains("matching cache rm"), "apt lists left in the layer: " + report);
        assertTrue(report.contains("--no-install-recommends"), "recommended packages installed: " + report);
    }

    private static Command dockerfileUtils(Path dockerfile) {
        return Command.run(Duration.ofMinutes(1), bin("dockerfile-utils"), "lint", "-j", dockerfile.toString());
    }

    private static JsonNode dockerfilelint(Path dockerfile) throws IOException {
        Command lint = Command.run(Duration.ofMinutes(1), bin("dockerfilelint"), "-c", RULES, "-j",
                dockerfile.toString());
        // its exit code is the number of findings, so the report says more than the code does
        JsonNode report = new ObjectMapper().readTree(lint.output());
        assertEquals(report.path("totalIssues").asInt(), lint.exit(), lint.output());
        return report;
    }

    private static String bin(String name) {
        return LINTERS.resolve("node_modules/.bin").resolve(name).toString();
    }
}
