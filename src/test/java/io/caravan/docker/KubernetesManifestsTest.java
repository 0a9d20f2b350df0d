package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.app.Gateway;
import io.caravan.config.Key;
import io.caravan.config.Values;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/k8s/*.yaml, read as kubectl reads them (several documents a file), held against what the jar serves and
 * requires. Reference manifests: nothing here applies them to a cluster.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("docker/k8s");
    private static final List<JsonNode> DOCS = documents();

    private static List<JsonNode> documents() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> Deployments.readAll(f).stream()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode object(String kind, String name) {
        return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
    }

    /** The Caravan workloads (a container of image caravan), by name. */
    private static Map<String, JsonNode> caravan() {
        Map<String, JsonNode> workloads = new TreeMap<>();
        for (JsonNode doc : DOCS) {
            if (container(doc).path("image").asText().equals("caravan")) {
                workloads.put(doc.path("metadata").path("name").asText(), doc);
            }
        }
        return workloads;
    }

    private static JsonNode pod(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    private static JsonNode container(JsonNode workload) {
        return pod(workload).path("containers").path(0);
    }

    /** The container's environment as the pod sees it: a Secret's key and the pod's name stand in for theirs. */
    private static Map<String, String> environment(JsonNode workload) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container(workload).path("env")) {
            JsonNode from = e.path("valueFrom");
            String value = e.has("value") ? e.path("value").asText()
                    : from.has("secretKeyRef") ? "secret:" + from.path("secretKeyRef").path("key").asText()
                    : from.path("fieldRef").path("fieldPath").asText().equals("metadata.name")
                            ? workload.path("metadata").path("name").asText() + "-0" : null;
            assertTrue(value != null, "an env entry the test cannot read: " + e);
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    @Test
    void edgesCoreAndEgressNodesPassTheStartsRoleCheck(@TempDir Path dir) {
        Map<String, String> roles = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        caravan().forEach((name, workload) -> {
            roles.put(name, Deployments.role(environment(workload), Map.of(), dir.resolve(name)));
            kinds.put(name, workload.path("kind").asText());
        });
        assertEquals(Map.of("edge", "edge", "core", "core", "egress", "egress"), roles);
        // an edge's journal holds what it accepted until forwarded: a pod of its own with a volume that outlives it
        assertEquals(Map.of("edge", "StatefulSet", "core", "Deployment", "egress", "Deployment"), kinds);
        assertEquals(2, caravan().get("egress").path("spec").path("replicas").asInt());
        assertEquals(1, caravan().get("core").path("spec").path("replicas").asInt());
        List<String> regions = caravan().values().stream().map(w -> environment(w).get("CARAVAN_NODE_REGION"))
                .distinct().toList();
        assertEquals(1, regions.size(), regions.toString());
    }

    /** Every password comes from the Secret artemis.yaml names, never written in a manifest. */
    @Test
    void passwordsComeFromTheSecret() {
        int passwords = 0;
        for (JsonNode doc : DOCS) {
            for (JsonNode container : pod(doc).path("containers")) {
                for (JsonNode e : container.path("env")) {
                    if (e.path("name").asText().contains("PASSWORD")) {
                        passwords++;
                        assertEquals("caravan-secrets", e.path("valueFrom").path("secretKeyRef").path("name").asText(),
                                doc.path("metadata").path("name").asText() + ": " + e);
                    }
                }
            }
        }
        assertEquals(5, passwords, "edge, core, egress, and the pair's client and cluster passwords");
    }

    /**
     * The probes ask the paths the node serves on its management port: the container port they name is
     * caravan.console.port, bound on the pod's addresses; the grace period covers the graceful stop.
     */
    @Test
    void probesAskTheManagementPortsHealthPaths() {
        Duration shutdown = Values.duration(Key.SHUTDOWN_TIMEOUT.defaultValue());
        caravan().forEach((name, workload) -> {
            JsonNode container = container(workload);
            Map<String, Integer> ports = new TreeMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            assertEquals(Integer.parseInt(Key.CONSOLE_PORT.defaultValue()), ports.get("management"), name);
            assertEquals("0.0.0.0", environment(workload).get(Key.CONSOLE_BIND.environmentVariable()), name);
            assertEquals(Map.of("startupProbe", "/health/live", "livenessProbe", "/health/live", "readinessProbe",
                    "/health/ready"), probes(container, ports), name);
            assertTrue(pod(workload).path("terminationGracePeriodSeconds").asInt() >= shutdown.toSeconds() + 30, name);
            JsonNode security = pod(workload).path("securityContext");
            assertEquals(Dockerfiles.arguments("USER").get(0),
                    security.path("runAsUser").asText() + ":" + security.path("runAsGroup").asText(), name);
            assertTrue(security.path("runAsNonRoot").asBoolean(), name);
        });
    }

    private static Map<String, String> probes(JsonNode container, Map<String, Integer> ports) {
        Map<String, String> paths = new TreeMap<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertTrue(ports.containsKey(get.path("port").asText()), probe + " names a port of the container");
            assertEquals("management", get.path("port").asText(), probe);
            paths.put(probe, get.path("path").asText());
        }
        return paths;
    }

    /** What the probes ask, asked of a real node: each path answers 200 while the node runs. */
    @Test
    void theNodeServesTheProbedPaths(@TempDir Path dir) throws Exception {
        List<String> paths = new ArrayList<>();
        caravan().values().forEach(w -> probes(container(w), Map.of("management", 0)).values().forEach(paths::add));
        HttpClient http = HttpClient.newHttpClient();
        try (Gateway gateway = new TestNode(dir).set("caravan.console.enabled", true)
                .set("caravan.console.port", 0).start()) {
            for (String path : paths.stream().distinct().toList()) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.consolePort() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            }
        }
    }

    /** The SMTP Service reaches the listeners' ports and keeps the client's address. */
    @Test
    void smtpServiceReachesTheEdgesListeners() {
        JsonNode service = object("Service", "smtp");
        assertEquals("Local", service.path("spec").path("externalTrafficPolicy").asText());
        Map<String, Integer> ports = new TreeMap<>();
        container(caravan().get("edge")).path("ports")
                .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        Map<Integer, Integer> published = new TreeMap<>();
        service.path("spec").path("ports").forEach(p -> published.put(p.path("port").asInt(),
                ports.get(p.path("targetPort").asText())));
        assertEquals(Map.of(25, Integer.parseInt(Key.SMTP_MX_PORT.defaultValue()), 587,
                Integer.parseInt(Key.SMTP_SUBMISSION_PORT.defaultValue())), published);
        assertEquals(caravan().get("edge").path("spec").path("template").path("metadata").path("labels"),
                service.path("spec").path("selector"));
    }

    /**
     * The broker pair is a StatefulSet of two with a volume each; the nodes' URLs name its pods through its
     * headless Service, every node both (an edge's bridge follows the pair as the others' clients do).
     */
    @Test
    void theArtemisPairIsAStatefulSetOfTwoThatTheNodesReach() {
        JsonNode pair = object("StatefulSet", "artemis");
        assertEquals(2, pair.path("spec").path("replicas").asInt());
        String service = pair.path("spec").path("serviceName").asText();
        assertEquals("None", object("Service", service).path("spec").path("clusterIP").asText());
        assertEquals("data", pair.path("spec").path("volumeClaimTemplates").path(0).path("metadata").path("name")
                .asText());
        assertTrue(container(pair).path("volumeMounts").toString()
                .contains("{\"name\":\"data\",\"mountPath\":\"/var/lib/artemis-instance/data\"}"));
        Map<String, String> env = new TreeMap<>();
        container(pair).path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        String primary = env.get("ARTEMIS_PRIMARY_HOST");
        String backup = env.get("ARTEMIS_BACKUP_HOST");
        assertEquals(List.of("artemis-0." + service, "artemis-1." + service), List.of(primary, backup));
        caravan().forEach((name, workload) -> {
            Map<String, String> nodeEnv = environment(workload);
            boolean edge = nodeEnv.get("CARAVAN_NODE_ROLE").equals("edge");
            String url = nodeEnv.get(edge ? "CARAVAN_CORE_URL" : "CARAVAN_BROKER_URL");
            assertEquals(List.of(primary + ":61616", backup + ":61616"), Deployments.brokers(url), name);
            assertEquals(env.get("ARTEMIS_USER"), nodeEnv.get(edge ? "CARAVAN_CORE_USER" : "CARAVAN_BROKER_USER"));
        });
        // the edges' journals: one volume per edge, at the image's data directory
        JsonNode edge = caravan().get("edge");
        assertEquals("data", edge.path("spec").path("volumeClaimTemplates").path(0).path("metadata").path("name")
                .asText());
        assertTrue(container(edge).path("volumeMounts").toString()
                .contains("{\"name\":\"data\",\"mountPath\":\"/opt/caravan/data\"}"));
    }

    /** The core and the egress nodes share the reference key from the Secret and the Kafka StatefulSet's pod. */
    @Test
    void coreAndEgressShareTheReferenceKeyAndKafka() {
        JsonNode kafka = object("StatefulSet", "kafka");
        String advertised = container(kafka).path("env").toString();
        for (String name : List.of("core", "egress")) {
            Map<String, String> env = environment(caravan().get(name));
            assertTrue(advertised.contains("PLAINTEXT://" + env.get("CARAVAN_KAFKA_BOOTSTRAP")), name);
            String keyFile = env.get(Key.FEEDBACK_REF_KEY_FILE.environmentVariable());
            JsonNode mount = null;
            for (JsonNode m : container(caravan().get(name)).path("volumeMounts")) {
                if (keyFile.startsWith(m.path("mountPath").asText() + "/")) {
                    mount = m;
                }
            }
            assertTrue(mount != null, name + ": nothing mounted at " + keyFile);
            String volume = mount.path("name").asText();
            JsonNode secret = null;
            for (JsonNode v : pod(caravan().get(name)).path("volumes")) {
                if (v.path("name").asText().equals(volume)) {
                    secret = v.path("secret");
                }
            }
            assertEquals("caravan-secrets", secret.path("secretName").asText(), name);
            assertTrue(secret.path("items").toString().contains(
                    "\"path\":\"" + keyFile.substring(keyFile.lastIndexOf('/') + 1) + "\""), name);
        }
    }
}
