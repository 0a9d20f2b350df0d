package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.testing.PackagedGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as an operator's browser sees it: headless Chromium (Debian's {@code chromium}, installed with
 * apt-get when missing and this runs as root) driven by Playwright (npm's {@code playwright-core}, installed
 * into target/browser) logs in to the packaged jar's console, lands on the Camel routes (Connect is disabled
 * by Caravan's hawtconfig.json), finds Caravan's routes there, and finds the Queues MBean under io.caravan in
 * the JMX tree. The page with the routes is saved as target/console.png (docs/console.png is a copy), and the
 * route diagrams of the routing and egress stages as target/route-routing.png and target/route-egress.png (the
 * copies in docs/ are what ARCHITECTURE.md shows). Where
 * neither the browser nor Playwright can be installed, the test is skipped, not failed.
 */
class ConsoleBrowserIT {

    private static final String PLAYWRIGHT = "playwright-core@1.65.2";
    private static final Path BROWSER_DIR = Path.of("target/browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target/console.png").toAbsolutePath();
    private static final List<String> DIAGRAMS = List.of("routing", "egress");
    private static final String USER = "otto";
    private static final String PASSWORD = "otto-pass-1";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES) // apt-get is given 15, npm 5, the walk 4
    void anOperatorLandsOnCaravansRoutesAndFindsTheQueuesBean() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "no Chromium, and apt-get could not install Debian's chromium package");
        assumeTrue(playwright(), "npm could not install " + PLAYWRIGHT);
        Path script = BROWSER_DIR.resolve("console-walk.js");
        try (var in = ConsoleBrowserIT.class.getResourceAsStream("/console/console-walk.js")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            assertEquals(0, gateway.command(PASSWORD, "user", "add", "--console", USER, "--role", "operator",
                    "--password-stdin"), gateway::log);
            gateway.start();
            Files.deleteIfExists(SCREENSHOT);
            List<JsonNode> findings = walk(chromium, script, gateway.consolePort());

            assertTrue(finding(findings, "landed").asText().startsWith("/hawtio/camel"),
                    "the first page after the login is the Camel plugin: " + findings);
            for (String route : List.of("ingress-mx", "routing", "bounce")) {
                assertTrue(findings.stream().anyMatch(f -> route.equals(f.path("route").asText())
                        && f.path("found").asBoolean()), route + " in the routes tree: " + findings);
            }
            assertTrue(findings.stream().anyMatch(f -> "io.caravan".equals(f.path("jmxDomain").asText())
                    && f.path("found").asBoolean()), "io.caravan in the JMX tree: " + findings);
            assertTrue(findings.stream().anyMatch(f -> "Queues".equals(f.path("mbean").asText())
                    && f.path("found").asBoolean()), "the Queues MBean under io.caravan: " + findings);
            assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the routes page");
            for (String route : DIAGRAMS) {
                assertTrue(findings.stream().anyMatch(f -> route.equals(f.path("diagram").asText())
                        && f.path("found").asBoolean()), route + "'s route diagram: " + findings);
                assertTrue(Files.size(SCREENSHOT.resolveSibling("route-" + route + ".png")) > 10_000,
                        "a screenshot of " + route + "'s route diagram");
            }
        }
    }

    private static List<JsonNode> walk(Path chromium, Path script, int port) throws IOException,
            InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = node.environment();
        env.put("CONSOLE_URL", "http://127.0.0.1:" + port);
        env.put("CONSOLE_USER", USER);
        env.put("CONSOLE_PASSWORD", PASSWORD);
        env.put("CHROMIUM", chromium.toString());
        env.put("SCREENSHOT", SCREENSHOT.toString());
        env.put("DIAGRAMS", String.join(",", DIAGRAMS));
        env.put("DIAGRAM_DIR", SCREENSHOT.getParent().toString());
        env.put("NODE_PATH", BROWSER_DIR.resolve("node_modules").toString());
        Process p = node.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the browser walk did not end");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<JsonNode> findings = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                findings.add(json.readTree(line));
            }
        }
        assertEquals(0, p.exitValue(), output);
        return findings;
    }

    private static JsonNode finding(List<JsonNode> findings, String name) {
        return findings.stream().filter(f -> f.has(name)).map(f -> f.get(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + name + "' in " + findings));
    }

    /** Debian's chromium, installed first when missing and this process may run apt-get. */
    private static Path chromium() throws InterruptedException {
        for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(name))) {
                return Path.of(name);
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        run(List.of("apt-get", "update"), 5);
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium"), 10);
        return Files.isExecutable(Path.of("/usr/bin/chromium")) ? Path.of("/usr/bin/chromium") : null;
    }

    /** playwright-core in target/browser (the npm cache first; the registry when it has not got it). */
    private static boolean playwright() throws InterruptedException, IOException {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            return true;
        }
        Files.createDirectories(BROWSER_DIR);
        return run(List.of("npm", "install", "--prefix", BROWSER_DIR.toString(), "--prefer-offline", "--no-audit",
                "--no-fund", PLAYWRIGHT), 5) && Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"));
    }

    private static boolean run(List<String> command, int minutes) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException notThere) {
            return false;
        }
    }
}
