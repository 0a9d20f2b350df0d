package io.caravan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JMX attributes of a running Caravan through its console's Jolokia, as an operator's script does
 * (docs/SECURITY.md): a console login, and the console's own Origin, which Jolokia's strict origin check wants.
 */
final class Jolokia {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUEUE = Pattern.compile("queue=\"?([^\",]+)\"?");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String origin;
    private final String auth;

    Jolokia(int port, String user, String password) {
        this.origin = "http://127.0.0.1:" + port;
        this.uri = URI.create(origin + "/hawtio/jolokia/");
        this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of {@code attribute} of {@code mbean} (a pattern answers a map: object name to attributes). */
    JsonNode read(String mbean, String attribute) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("type", "read", "mbean", mbean, "attribute", attribute));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException("Jolokia answered HTTP " + res.statusCode() + " to a read of " + mbean);
        }
        JsonNode answer = JSON.readTree(res.body());
        if (answer.path("status").asInt() != 200) {
            throw new IOException("Jolokia: " + answer.path("error").asText("status " + answer.path("status")));
        }
        return answer.get("value");
    }

    /** Waits until Jolokia answers (the console starts after the SMTP port); false when it never did. */
    boolean await(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            try {
                read("java.lang:type=Runtime", "Uptime");
                return true;
            } catch (IOException e) {
                Thread.sleep(500);
            }
        }
        return false;
    }

    /** MessagesAdded of every broker queue, by queue name: how many times the broker stored a message there. */
    Map<String, Long> messagesAdded() throws IOException, InterruptedException {
        JsonNode v = read("org.apache.activemq.artemis:component=addresses,subcomponent=queues,*", "MessagesAdded");
        Map<String, Long> out = new TreeMap<>();
        v.fields().forEachRemaining(e -> {
            Matcher m = QUEUE.matcher(e.getKey());
            if (m.find()) {
                out.merge(m.group(1), e.getValue().path("MessagesAdded").asLong(), Long::sum);
            }
        });
        return out;
    }

    /** The scheduler's view of every lane ({@code io.caravan:type=Lanes}, attribute Lanes). */
    JsonNode lanes() throws IOException, InterruptedException {
        return read("io.caravan:type=Lanes", "Lanes");
    }

    /** The scheduler's view per egress source × provider ({@code io.caravan:type=Lanes}, attribute Sources). */
    JsonNode sources() throws IOException, InterruptedException {
        return read("io.caravan:type=Lanes", "Sources");
    }

    /** The JVM's heap now: used, committed and max bytes ({@code java.lang:type=Memory}, HeapMemoryUsage). */
    JsonNode heap() throws IOException, InterruptedException {
        return read("java.lang:type=Memory", "HeapMemoryUsage");
    }

    /** Suspensions in force ({@code Reputation} MBean, attribute ActiveSuspensions), one line each. */
    JsonNode suspensions() throws IOException, InterruptedException {
        JsonNode v = read("io.caravan:type=Reputation,*", "ActiveSuspensions");
        return v.elements().hasNext() ? v.elements().next().path("ActiveSuspensions") : v;
    }
}
