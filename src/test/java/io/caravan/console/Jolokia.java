package io.caravan.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A Jolokia client for console tests: one user, one origin, one Host header, over a real HTTP connection. */
public final class Jolokia {

    /** One answer: status, body and headers as the wire gave them. */
    public record Answer(int status, String body, HttpResponse.ResponseInfo info) {
        public Optional<String> header(String name) {
            return info.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + info.headers().map() + " " + body;
        }
    }

    private final int port;
    private final String authorization;
    private final String origin;
    private final String host;
    private final String referer;

    private Jolokia(int port, String authorization, String origin, String host, String referer) {
        this.port = port;
        this.authorization = authorization;
        this.origin = origin;
        this.host = host;
        this.referer = referer;
    }

    public static Jolokia at(int port) {
        return new Jolokia(port, null, "http://127.0.0.1:" + port, null, null);
    }

    public Jolokia as(String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Jolokia(port, "Basic " + basic, origin, host, referer);
    }

    public Jolokia origin(String value) {
        return new Jolokia(port, authorization, value, host, null);
    }

    /** No Origin header, a Referer instead: what a browser sends with a plain same-origin GET. */
    public Jolokia referer(String value) {
        return new Jolokia(port, authorization, null, host, value);
    }

    /** Sends the request to 127.0.0.1 with this Host header, as a browser would after DNS rebinding. */
    public Jolokia host(String value) {
        return new Jolokia(port, authorization, origin, value, referer);
    }

    public static String path(String mbeanAndAttribute) {
        return URLEncoder.encode(mbeanAndAttribute, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    }

    public HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String read(String mbeanAndAttribute) throws IOException, InterruptedException {
        return call("read/" + path(mbeanAndAttribute)).toString();
    }

    public int status(String jolokiaPath) throws IOException, InterruptedException {
        return call(jolokiaPath).status();
    }

    /** An exec by POST; the answer's own status (Jolokia's, inside the JSON) when HTTP says 200. */
    public String exec(String mbean, String operation, Object... arguments) throws IOException, InterruptedException {
        return post(mbean, operation, arguments).toString();
    }

    public int execStatus(String mbean, String operation, Object... arguments) throws IOException, InterruptedException {
        Answer answer = post(mbean, operation, arguments);
        if (answer.status() != 200) {
            return answer.status();
        }
        int at = answer.body().lastIndexOf("\"status\":");
        return Integer.parseInt(answer.body().substring(at + 9).replaceAll("[^0-9].*", ""));
    }

    private Answer post(String mbean, String operation, Object... arguments) throws IOException, InterruptedException {
        String args = Arrays.stream(arguments).map(Jolokia::json).collect(Collectors.joining(",", "[", "]"));
        String body = "{\"type\":\"exec\",\"mbean\":" + json(mbean) + ",\"operation\":" + json(operation)
                + ",\"arguments\":" + args + "}";
        return send(HttpRequest.newBuilder(URI.create(base() + "/jolokia/"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    public Answer call(String jolokiaPath) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + "/jolokia/" + jolokiaPath)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (referer != null) {
            request.header("Referer", referer);
        }
        HttpClient client = HttpClient.newHttpClient();
        if (host != null) {
            return viaRawSocket(request.build());
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), info(response));
    }

    private static HttpResponse.ResponseInfo info(HttpResponse<?> response) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public java.net.http.HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        };
    }

    /** Java's HttpClient refuses to set Host, so a request naming another host is written by hand. */
    private Answer viaRawSocket(HttpRequest request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            StringBuilder head = new StringBuilder("GET " + request.uri().getRawPath() + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n");
            request.headers().map().forEach((k, v) -> head.append(k).append(": ").append(v.get(0)).append("\r\n"));
            socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(raw.substring(9, 12));
            int split = raw.indexOf("\r\n\r\n");
            java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : raw.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
                }
            }
            java.net.http.HttpHeaders parsed = java.net.http.HttpHeaders.of(headers, (a, b) -> true);
            return new Answer(status, raw.substring(split + 4), new HttpResponse.ResponseInfo() {
                @Override
                public int statusCode() {
                    return status;
                }

                @Override
                public java.net.http.HttpHeaders headers() {
                    return parsed;
                }

                @Override
                public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                }
            });
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/hawtio";
    }

    private static String json(Object value) {
        if (value instanceof String s) {
            return s.startsWith("{") || s.startsWith("[") ? s
                    : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }
}
