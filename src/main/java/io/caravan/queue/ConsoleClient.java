package io.caravan.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The node's console Jolokia, as the queue tool calls it: one bulk POST per command, with the login and the
 * {@code Origin} of the console's own pages (Jolokia's strict origin check refuses a request without one).
 */
public final class ConsoleClient {

    /** A refusal or failure the operator should read as it is: no stack trace. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final URI endpoint;
    private final String origin;
    private final String authorization;
    // a command makes a few requests: the session cookie spares the console's (slow on purpose) password hash
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager()).build();

    /** @param user null to send no login (a console with caravan.console.authentication=false) */
    public ConsoleClient(String host, int port, String user, String password) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        this.origin = "http://" + hostPart + ":" + port;
        this.endpoint = URI.create(origin + "/hawtio/jolokia/");
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of each request's answer, in order; the first answer that is an error is thrown as Refused. */
    public List<JsonNode> call(List<Map<String, Object>> requests) throws Refused, IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(requests)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Refused("no console at " + origin + " (is the gateway running, with console users?)");
        }
        switch (response.statusCode()) {
            case 200 -> { }
            case 401 -> throw new Refused("the console wants a login: give --user");
            case 403 -> throw new Refused("the console refused the login (wrong user or password)");
            case 404 -> throw new Refused("no console at " + origin + " (config/console-users has no user?)");
            default -> throw new Refused("the console answered HTTP " + response.statusCode());
        }
        JsonNode answers = Json.MAPPER.readTree(response.body());
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode answer : answers.isArray() ? answers : List.of(answers)) {
            int status = answer.path("status").asInt();
            if (status == 403) {
                throw new Refused("refused: your role may not call " + answer.path("request").path("operation")
                        .asText() + " (it needs the operator role)");
            }
            if (status != 200) {
                throw new Refused("the console answered " + status + ": " + answer.path("error").asText());
            }
            values.add(answer.path("value"));
        }
        return values;
    }

    /** The answer of one request. */
    public JsonNode call(Map<String, Object> request) throws Refused, IOException, InterruptedException {
        return call(List.of(request)).get(0);
    }

    /** The one MBean the pattern names (Caravan's beans carry the node's name), or Refused when there is none. */
    public String mbean(String pattern) throws Refused, IOException, InterruptedException {
        JsonNode found = call(Map.of("type", "search", "mbean", pattern));
        if (!found.isArray() || found.isEmpty()) {
            throw new Refused("the node has no MBean " + pattern);
        }
        return found.get(0).asText();
    }
}
