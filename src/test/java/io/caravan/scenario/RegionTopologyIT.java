package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravan.config.Key;
import io.caravan.testing.BrokerPairProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Http;
import io.caravan.testing.KafkaBroker;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region of {@code docker/compose.yaml} as processes on loopback, for machines with no container engine: the
 * Artemis replication pair in two JVMs ({@link BrokerPairProcess}), Kafka ({@link KafkaBroker}), a SubEthaSMTP
 * sink, and one packaged jar per Caravan service of the file. Each node's settings are read from the file: its
 * environment, each variable as the key it names, and the files it mounts from {@code docker/caravan/}; only the
 * service host names become loopback addresses. Mail sent to both edges reaches the sink exactly once, and the
 * two egress nodes' mail logs hold one delivery per message between them; how they split it is printed, since the
 * broker's dispatch to their consumers makes it uneven from run to run.
 */
class RegionTopologyIT {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)\r?$");
    private static final int PER_EDGE = 20;

    /** Kept after a failure: the nodes' and the brokers' logs say where a message went. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void mailSentToBothEdgesReachesTheSinkOnceThroughTheCoreAndBothEgressNodes() throws Exception {
        long begun = System.nanoTime();
        int primaryPort = ChildJvm.freePort();
        int backupPort = ChildJvm.freePort();
        String brokerXml = Path.of("config/broker.xml").toAbsolutePath().toString();
        String clusterPassword = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        Map<String, PackagedGateway> nodes = new LinkedHashMap<>();
        // the pair and Kafka start side by side: the pair's JVMs run while KafkaBroker.start waits for its port
        try (Sink sink = Sink.accepting();
             ChildJvm primary = BrokerPairProcess.start(dir, brokerXml, "primary", primaryPort, backupPort,
                     clusterPassword);
             ChildJvm backup = BrokerPairProcess.start(dir, brokerXml, "backup", backupPort, primaryPort,
                     clusterPassword);
             KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            primary.awaitLog("state: active", Duration.ofSeconds(90));
            backup.awaitLog("state: in sync", Duration.ofSeconds(90));
            long infrastructure = System.nanoTime();

            // the one reference key the core and the egress nodes share, made as the compose file's comment says
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path refKey = Files.writeString(dir.resolve("feedback-ref.key"),
                    Base64.getEncoder().encodeToString(secret) + "\n");
            Map<String, String> hosts = Map.of(
                    "artemis-primary:61616", "127.0.0.1:" + primaryPort,
                    "artemis-backup:61616", "127.0.0.1:" + backupPort,
                    "kafka:9092", kafka.bootstrap(),
                    "/run/secrets/feedback-ref-key", refKey.toString(),
                    "smtp:[sink]:1025", "smtp:[127.0.0.1]:" + sink.port());

            Map<String, String> roles = new TreeMap<>();
            JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile())
                    .path("services");
            for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                if (service.getValue().path("image").asText().equals("caravan")) {
                    PackagedGateway node = new PackagedGateway(dir.resolve(service.getKey()));
                    nodes.put(service.getKey(), node);
                    roles.put(service.getKey(), configure(node, service.getValue(), hosts));
                }
            }
            assertEquals(Map.of("core", "core", "edge-a", "edge", "edge-b", "edge", "egress-1", "egress",
                    "egress-2", "egress"), roles, "the compose file's Caravan services and their roles");
            List<PackagedGateway> edges = List.of(nodes.get("edge-a"), nodes.get("edge-b"));
            List<PackagedGateway> egress = List.of(nodes.get("egress-1"), nodes.get("egress-2"));
            for (PackagedGateway edge : edges) {
                // the test's client sends each message on a connection of its own and never talks first: the
                // banner delay would only add a second to each
                edge.set("caravan.smtp.guard.greet-delay", "0s");
            }

            // all five at once: the pair is active, so an edge's bridge connects at its first try, and no mail
            // is sent before the core has declared the queue the edges forward to
            List<Future<PackagedGateway>> started = new ArrayList<>();
            for (PackagedGateway node : nodes.values()) {
                started.add(pool.submit((Callable<PackagedGateway>) node::start));
            }
            for (Future<PackagedGateway> f : started) {
                f.get();
            }
            long nodesUp = System.nanoTime();

            List<Future<List<String>>> sent = new ArrayList<>();
            for (PackagedGateway edge : edges) {
                String name = edge == edges.get(0) ? "edge-a" : "edge-b";
                sent.add(pool.submit(() -> {
                    List<String> subjects = new ArrayList<>();
                    for (int i = 0; i < PER_EDGE; i++) {
                        String subject = name + "-" + i;
                        String reply = edge.send("127.0.0.1", "alice@example.org", List.of("someone@example.test"),
                                Mail.text("alice@example.org", "someone@example.test", subject));
                        assertTrue(reply.startsWith("250"), reply);
                        subjects.add(subject);
                    }
                    return subjects;
                }));
            }
            List<String> expected = new ArrayList<>();
            for (Future<List<String>> f : sent) {
                expected.addAll(f.get());
            }
            sink.await(m -> m.size() >= expected.size(), Duration.ofSeconds(120));
            long delivered = System.nanoTime();
            for (PackagedGateway edge : edges) {
                Http.await(edge.consolePort(), "/health/ready",
                        a -> a.body().contains("connected, 0 messages waiting to be forwarded"), Duration.ofSeconds(30));
            }
            Thread.sleep(5000); // time for a copy that would come twice
            assertEquals(once(expected), counts(sink), "every message sent to an edge reaches the sink exactly once");

            List<Long> split = egress.stream().map(n -> n.log().lines().filter(l -> l.contains("status=sent")).count())
                    .toList();
            System.out.printf("region topology: pair and Kafka up in %d s, the five nodes in %d s more, %d messages "
                            + "at the sink %d s after the nodes were up; egress-1 sent %d, egress-2 %d%n",
                    seconds(infrastructure - begun), seconds(nodesUp - infrastructure), expected.size(),
                    seconds(delivered - nodesUp), split.get(0), split.get(1));
            assertEquals(expected.size(), split.get(0) + split.get(1), "the egress nodes' mail logs count each "
                    + "delivery once: " + split);
            assertTrue(nodes.get("core").log().contains("role core"), nodes.get("core").log());
            for (PackagedGateway node : egress) {
                assertTrue(node.log().contains("role egress"), node.log());
            }
        } finally {
            pool.shutdownNow();
            for (PackagedGateway node : nodes.values()) {
                node.close();
            }
        }
    }

    /**
     * Gives a node the service's environment, each variable as the key it names, and the files the service
     * mounts into the config directory, with the compose network's host names replaced by loopback addresses:
     * its role. The pair's client login is left out: the test pair runs without security.
     */
    private static String configure(PackagedGateway node, JsonNode service, Map<String, String> hosts)
            throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> it = service.path("environment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("_USER") || e.getKey().endsWith("_PASSWORD")) {
                continue;
            }
            node.set(property(e.getKey()), local(e.getValue().asText(), hosts));
        }
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./") && parts[1].startsWith("/opt/caravan/config/")) {
                node.write(parts[1].substring("/opt/caravan/config/".length()),
                        local(Files.readString(DOCKER.resolve(parts[0]).normalize()), hosts));
            }
        }
        return service.path("environment").path("CARAVAN_NODE_ROLE").asText();
    }

    /** The key a CARAVAN_* variable sets. */
    private static String property(String variable) {
        for (Key key : Key.values()) {
            if (key.environmentVariable().equals(variable)) {
                return key.property();
            }
        }
        throw new AssertionError("compose.yaml sets " + variable + ", which is no key");
    }

    /** The text with each compose host name as this machine's address for it; none may be left. */
    private static String local(String text, Map<String, String> hosts) {
        String out = text;
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            out = out.replace(h.getKey(), h.getValue());
        }
        for (String service : List.of("artemis-", "kafka:", "[sink]", "/run/secrets")) {
            assertFalse(out.contains(service), "a compose host or path left in: " + out);
        }
        return out;
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }

    /** Each subject the sink received, with the number of times. */
    private static Map<String, Long> counts(Sink sink) {
        return sink.messages().stream().map(m -> subject(m.data()))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> once(List<String> subjects) {
        return subjects.stream().collect(Collectors.toMap(Function.identity(), s -> 1L, Long::sum, TreeMap::new));
    }

    private static String subject(byte[] data) {
        Matcher m = SUBJECT.matcher(new String(data, StandardCharsets.US_ASCII));
        return m.find() ? m.group(1) : "(no subject)";
    }
}
