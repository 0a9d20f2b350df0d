package io.caravan.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.console.Jolokia;
import io.caravan.testing.PackagedGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway's stage queues as an operator sees them in its console (Jolokia over HTTP): a
 * scenario knows a message is done with, not merely received once, when nothing is left queued for it.
 * Every queue is read in one request, because each request logs in again, and the console's password hash
 * is slow on purpose.
 */
final class Queues {

    private static final String USER = "otto";
    private static final String PASSWORD = "otto-pass";
    private static final String ALL_QUEUES = "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,"
            + "address=*,subcomponent=queues,routing-type=\"anycast\",queue=*/MessageCount";
    private static final Pattern QUEUE = Pattern.compile("queue=\"([^\"]+)\"");

    private final Jolokia jolokia;

    private Queues(Jolokia jolokia) {
        this.jolokia = jolokia;
    }

    /** Adds an operator with the jar's own {@code user add}; before the gateway starts, or the console stays off. */
    static Queues of(PackagedGateway gateway) throws IOException, InterruptedException {
        if (gateway.command(PASSWORD, "user", "add", "--console", USER, "--role", "operator", "--password-stdin") != 0) {
            throw new AssertionError("user add failed: " + gateway.commandLog());
        }
        return new Queues(Jolokia.at(gateway.consolePort()).as(USER, PASSWORD));
    }

    /** Messages per anycast queue, those being delivered and those scheduled for later included. */
    Map<String, Long> counts() throws IOException, InterruptedException {
        JsonNode answer = new ObjectMapper().readTree(jolokia.call("read/" + Jolokia.path(ALL_QUEUES)).body());
        Map<String, Long> counts = new HashMap<>();
        answer.path("value").fields().forEachRemaining(e -> {
            Matcher m = QUEUE.matcher(e.getKey());
            if (m.find()) {
                counts.put(m.group(1), e.getValue().path("MessageCount").asLong());
            }
        });
        if (counts.isEmpty()) {
            throw new IOException("no queues in " + answer);
        }
        return counts;
    }

    /** Polls until every queue named is empty; fails naming what is left after {@code timeout}. */
    Map<String, Long> awaitEmpty(Duration timeout, String... queues) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Long> counts;
            try {
                counts = counts();
            } catch (IOException consoleNotAnswering) {
                counts = Map.of();
            }
            Map<String, Long> seen = counts;
            if (Arrays.stream(queues).allMatch(q -> seen.get(q) != null && seen.get(q) == 0)) {
                return counts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not empty after " + timeout + ": " + counts);
            }
            Thread.sleep(100);
        }
    }
}
