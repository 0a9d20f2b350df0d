package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.app.Gateway;
import io.caravan.config.Key;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/compose.yaml, read as Compose reads it, held against what the jar and the other images require. No
 * Docker engine runs on the development and CI machines, so the file is never run here; RegionTopologyIT starts
 * its topology as processes of the packaged jar.
 */
class DockerComposeTest {

    private static final Path DIR = Path.of("docker");
    private static final JsonNode SERVICES = Deployments.read(DIR.resolve("compose.yaml")).path("services");
    /** ${NAME} or ${NAME:?message}: Compose takes the value from the environment or docker/.env. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:\\?[^}]*)?}");

    /** The services built from docker/Dockerfile, by name. */
    private static Map<String, JsonNode> caravan() {
        Map<String, JsonNode> nodes = new TreeMap<>();
        SERVICES.fields().forEachRemaining(s -> {
            if (s.getValue().path("image").asText().equals("caravan")) {
                nodes.put(s.getKey(), s.getValue());
            }
        });
        return nodes;
    }

    /** A service's environment after Compose's interpolation, each variable given a value of its own. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> {
            Matcher m = VARIABLE.matcher(e.getValue().asText());
            env.put(e.getKey(), m.replaceAll(r -> "from-env-" + r.group(1)));
        });
        return env;
    }

    /** Files a service mounts from docker/ into the image's config directory: file name to host path. */
    private static Map<String, Path> mountedConfig(JsonNode service) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./") && parts[1].startsWith("/opt/caravan/config/")) {
                files.put(parts[1].substring("/opt/caravan/config/".length()), DIR.resolve(parts[0]).normalize());
            }
        }
        return files;
    }

    @Test
    void twoEdgesOneCoreTwoEgressNodesEachAcceptedByTheStartsRoleCheck(@TempDir Path dir) {
        Map<String, String> roles = new TreeMap<>();
        for (Map.Entry<String, JsonNode> node : caravan().entrySet()) {
            roles.put(node.getKey(), Deployments.role(environment(node.getValue()), mountedConfig(node.getValue()),
                    dir.resolve(node.getKey())));
        }
        assertEquals(Map.of("edge-a", "edge", "edge-b", "edge", "core", "core", "egress-1", "egress",
                "egress-2", "egress"), roles);
    }

    @Test
    void everyNodeIsOfOneRegionThatTheMountedEgressLayoutHas() {
        List<String> regions = caravan().values().stream()
                .map(s -> s.path("environment").path("CARAVAN_NODE_REGION").asText()).distinct().toList();
        assertEquals(1, regions.size(), regions.toString());
        JsonNode layout = Deployments.read(DIR.resolve("caravan/egress.yaml"));
        assertTrue(layout.path("regions").has(regions.get(0)), "egress.yaml has no region " + regions.get(0));
        // the core routes and the egress nodes deliver by it; every node's start, an edge's too, refuses a region
        // its egress.yaml lacks, and the image's own names only "local"
        for (String name : caravan().keySet()) {
            assertEquals(DIR.resolve("caravan/egress.yaml"), mountedConfig(caravan().get(name)).get("egress.yaml"),
                    name + " mounts the region's layout");
        }
        List<String> names = caravan().values().stream()
                .map(s -> s.path("environment").path("CARAVAN_NODE_NAME").asText()).distinct().toList();
        assertEquals(caravan().size(), names.size(), "each node its own name (heartbeats count nodes by it)");
    }

    /** Passwords are never written in the file: each is a variable Compose must be given. */
    @Test
    void passwordsComeFromTheEnvironment() {
        int passwords = 0;
        for (Map.Entry<String, JsonNode> service : iterable(SERVICES)) {
            for (Map.Entry<String, JsonNode> e : iterable(service.getValue().path("environment"))) {
                if (e.getKey().contains("PASSWORD")) {
                    passwords++;
                    Matcher m = VARIABLE.matcher(e.getValue().asText());
                    assertTrue(m.matches() && m.group(2) != null,
                            service.getKey() + " " + e.getKey() + " is ${VARIABLE:?message}, not " + e.getValue());
                }
            }
        }
        assertEquals(9, passwords, "the five nodes', and each broker's client and cluster password");
    }

    /** The reference key is one secret that the core and every egress node read (docs/FEEDBACK.md). */
    @Test
    void coreAndEgressReadOneReferenceKeyFromASecret() throws IOException {
        for (String name : List.of("core", "egress-1", "egress-2")) {
            JsonNode service = caravan().get(name);
            String file = service.path("environment").path(Key.FEEDBACK_REF_KEY_FILE.environmentVariable()).asText();
            assertTrue(file.startsWith("/run/secrets/"), name + ": " + file);
            String secret = file.substring("/run/secrets/".length());
            List<String> secrets = new ArrayList<>();
            service.path("secrets").forEach(s -> secrets.add(s.asText()));
            assertEquals(List.of(secret), secrets, name + " mounts the secret it reads");
            assertTrue(Deployments.read(DIR.resolve("compose.yaml")).path("secrets").path(secret).has("file"));
        }
        String file = Deployments.read(DIR.resolve("compose.yaml")).path("secrets").path("feedback-ref-key")
                .path("file").asText();
        Path key = DIR.resolve(file);
        assertTrue(Files.readAllLines(key.resolveSibling(".gitignore")).contains(key.getFileName().toString()),
                "the key is made on the host and never committed");
    }

    /**
     * The core and the egress nodes reach the pair through its failover URL, the edges its primary; all log in
     * as the pair's client user with the same password variable.
     */
    @Test
    void nodesReachTheArtemisPairWithItsLogin() {
        JsonNode primary = SERVICES.path("artemis-primary");
        JsonNode backup = SERVICES.path("artemis-backup");
        assertTrue(primary.path("image").asText().startsWith("apache/activemq-artemis:"), primary.toString());
        assertEquals(primary.path("image"), backup.path("image"));
        String user = primary.path("environment").path("ARTEMIS_USER").asText();
        String password = primary.path("environment").path("ARTEMIS_PASSWORD").asText();
        for (JsonNode broker : List.of(primary, backup)) {
            assertEquals(user, broker.path("environment").path("ARTEMIS_USER").asText());
            assertEquals(password, broker.path("environment").path("ARTEMIS_PASSWORD").asText());
            assertEquals("false", broker.path("environment").path("ANONYMOUS_LOGIN").asText());
        }
        for (Map.Entry<String, JsonNode> node : caravan().entrySet()) {
            JsonNode env = node.getValue().path("environment");
            boolean edge = env.path("CARAVAN_NODE_ROLE").asText().equals("edge");
            String prefix = edge ? "CARAVAN_CORE_" : "CARAVAN_BROKER_";
            List<String> brokers = Deployments.brokers(env.path(prefix + "URL").asText());
            assertEquals(List.of("artemis-primary:61616", "artemis-backup:61616"), brokers, node.getKey());
            assertEquals(user, env.path(prefix + "USER").asText(), node.getKey());
            assertEquals(password, env.path(prefix + "PASSWORD").asText(), node.getKey());
        }
    }

    /**
     * The pair's broker.xml files as Artemis parses them: a replication primary and its backup that each name
     * the other, with the address settings of Caravan's own config/broker.xml (CONFIG.md: an external broker
     * carries the same).
     */
    @Test
    void theArtemisPairIsAReplicationPairWithCaravansAddressSettings() throws Exception {
        Map<String, String> hosts = Map.of("ARTEMIS_PRIMARY_HOST", "artemis-primary", "ARTEMIS_BACKUP_HOST",
                "artemis-backup", "ARTEMIS_CLUSTER_PASSWORD", "cluster-secret");
        hosts.forEach(System::setProperty); // Artemis reads ${...} from system properties, then the environment
        try {
            Configuration caravan = parse(Path.of("config/broker.xml"));
            Configuration primary = parse(DIR.resolve("artemis/primary.xml"));
            Configuration backup = parse(DIR.resolve("artemis/backup.xml"));
            assertTrue(primary.getHAPolicyConfiguration() instanceof ReplicatedPolicyConfiguration p
                    && p.isCheckForActiveServer(), "primary: " + primary.getHAPolicyConfiguration());
            assertTrue(backup.getHAPolicyConfiguration() instanceof ReplicaPolicyConfiguration b
                    && b.isAllowFailBack(), "backup: " + backup.getHAPolicyConfiguration());
            for (Configuration broker : List.of(primary, backup)) {
                assertEquals(caravan.getAddressSettings().keySet(), broker.getAddressSettings().keySet());
                caravan.getAddressSettings().forEach((match, settings) -> assertEquals(settings.toString(),
                        broker.getAddressSettings().get(match).toString(), match));
                assertEquals("cluster-secret", broker.getClusterPassword());
                assertTrue(broker.isSecurityEnabled(), "clients log in");
                assertEquals(1, broker.getClusterConfigurations().size());
            }
            assertEquals(List.of("artemis-backup"), peerHosts(primary));
            assertEquals(List.of("artemis-primary"), peerHosts(backup));
            // the acceptor's port is the one the nodes' URLs name
            assertTrue(primary.getAcceptorConfigurations().stream()
                    .anyMatch(a -> "61616".equals(String.valueOf(a.getParams().get("port")))));
        } finally {
            hosts.keySet().forEach(System::clearProperty);
        }
    }

    private static List<String> peerHosts(Configuration broker) {
        String peer = broker.getClusterConfigurations().get(0).getStaticConnectors().get(0);
        return List.of(String.valueOf(broker.getConnectorConfigurations().get(peer).getParams().get("host")));
    }

    private static Configuration parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new FileConfigurationParser().parseMainConfig(in);
        }
    }

    /** The core and the egress nodes write the region's streams to the Kafka service, at its advertised address. */
    @Test
    void nodesOfTheRegionStreamsUseKafkasAdvertisedListener() throws IOException {
        JsonNode kafka = SERVICES.path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.toString());
        assertTrue(kafka.path("volumes").toString().contains("./kafka/server.properties:/mnt/shared/config/server.properties"));
        Properties server = new Properties();
        try (var in = Files.newBufferedReader(DIR.resolve("kafka/server.properties"))) {
            server.load(in);
        }
        String advertised = server.getProperty("advertised.listeners").replace("PLAINTEXT://", "");
        for (String name : List.of("core", "egress-1", "egress-2")) {
            assertEquals(advertised, caravan().get(name).path("environment").path("CARAVAN_KAFKA_BOOTSTRAP").asText());
        }
    }

    /** The demo domain: accepted by the edges, routed by the core to the sink service. */
    @Test
    void theEdgesAcceptedDomainRoutesToTheSinkService() throws IOException {
        assertTrue(SERVICES.has("sink") && SERVICES.path("sink").has("healthcheck"), "the sink is a service");
        List<String> domains = Files.readAllLines(DIR.resolve("caravan/accepted-domains")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> routes = Files.readAllLines(DIR.resolve("caravan/transport")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String edge : List.of("edge-a", "edge-b")) {
            assertEquals(DIR.resolve("caravan/accepted-domains"), mountedConfig(caravan().get(edge)).get("accepted-domains"));
        }
        assertEquals(DIR.resolve("caravan/transport"), mountedConfig(caravan().get("core")).get("transport"));
        assertEquals(List.of(domains.get(0) + " smtp:[sink]:1025"),
                routes.stream().map(r -> r.replaceAll("\\s+", " ")).toList());
    }

    /** Every file a service mounts from docker/ is there. */
    @Test
    void mountedFilesExist() {
        int files = 0;
        for (Map.Entry<String, JsonNode> service : iterable(SERVICES)) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    files++;
                    assertTrue(Files.isRegularFile(DIR.resolve(source)), service.getKey() + ": " + source);
                }
            }
        }
        assertEquals(11, files, "the pair's two broker.xml, Kafka's server.properties, eight Caravan files");
    }

    /**
     * Start order: the core after the pair's primary and Kafka are healthy, egress nodes after the core; edges
     * wait for nothing, as they take mail while the core is away. A condition service_healthy needs a check.
     */
    @Test
    void startOrder() {
        assertEquals(Map.of("artemis-primary", "service_healthy", "artemis-backup", "service_started", "kafka",
                "service_healthy"), dependencies("core"));
        for (String egress : List.of("egress-1", "egress-2")) {
            assertEquals(Map.of("core", "service_healthy", "kafka", "service_healthy", "sink", "service_healthy"),
                    dependencies(egress));
        }
        assertEquals(Map.of(), dependencies("edge-a"));
        assertEquals(Map.of(), dependencies("edge-b"));
        for (Map.Entry<String, JsonNode> service : iterable(SERVICES)) {
            dependencies(service.getKey()).forEach((on, condition) -> {
                assertTrue(SERVICES.has(on), service.getKey() + " depends on " + on);
                if (condition.equals("service_healthy")) {
                    assertTrue(SERVICES.path(on).has("healthcheck"), on + " has no health check");
                }
            });
        }
    }

    private static Map<String, String> dependencies(String service) {
        Map<String, String> on = new TreeMap<>();
        SERVICES.path(service).path("depends_on").fields()
                .forEachRemaining(d -> on.put(d.getKey(), d.getValue().path("condition").asText()));
        return on;
    }

    /**
     * Each node's health check, taken from the file and run as Docker runs it (bash, with Compose's $$ read as
     * $), against a real node's management port: it passes while the node is ready and fails when the port
     * answers 503 or nothing listens.
     */
    @Test
    void healthChecksAskTheNodesReadinessOnItsManagementPort(@TempDir Path dir) throws Exception {
        List<String> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : caravan().entrySet()) {
            JsonNode test = node.getValue().path("healthcheck").path("test");
            assertEquals(List.of("CMD", "bash", "-c"), List.of(test.path(0).asText(), test.path(1).asText(),
                    test.path(2).asText()), node.getKey());
            assertFalse(node.getValue().path("environment").has(Key.CONSOLE_PORT.environmentVariable()));
            checks.add(test.path(3).asText().replace("$$", "$"));
        }
        assertEquals(1, checks.stream().distinct().count(), "one check for every node");
        String check = checks.get(0);
        String port = "/dev/tcp/127.0.0.1/" + Key.CONSOLE_PORT.defaultValue();
        assertTrue(check.contains(port) && check.contains("GET /health/ready "), check);

        int listened;
        try (Gateway gateway = new TestNode(dir).set("caravan.console.enabled", true)
                .set("caravan.console.port", 0).start()) {
            listened = gateway.consolePort();
            Command ready = run(check.replace(port, "/dev/tcp/127.0.0.1/" + listened));
            assertEquals(0, ready.exit(), "a ready node is healthy: " + ready.output());
        }
        assertNotEquals(0, run(check.replace(port, "/dev/tcp/127.0.0.1/" + listened)).exit(), "nothing listens");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread draining = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    client.getInputStream().read();
                    out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 14\r\n\r\nDOWN\ndrained\n\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the check hung up first
                }
            });
            draining.start();
            Command notReady = run(check.replace(port, "/dev/tcp/127.0.0.1/" + server.getLocalPort()));
            draining.join(10_000);
            assertNotEquals(0, notReady.exit(), "503: " + notReady.output());
        }
    }

    private static Command run(String check) {
        return Command.run(Duration.ofSeconds(30), "bash", "-c", check);
    }

    private static List<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
