package io.caravan.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Plain GETs to a node's management port on loopback: health, metrics. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A status and a body; status -1 when nothing answered (the port is closed). */
    public record Answer(int status, String body) {
    }

    private Http() {
    }

    public static Answer get(int port, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    /** Asks again every 20 ms until an answer passes; fails with the last answer after {@code timeout}. */
    public static Answer await(int port, String path, Predicate<Answer> until, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = get(port, path);
        while (!until.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET " + path + " still answers " + last + " after " + timeout);
            }
            Thread.sleep(20);
            last = get(port, path);
        }
        return last;
    }
}
