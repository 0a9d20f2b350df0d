package io.caravan.scenario;

import io.caravan.console.Jolokia;
import io.caravan.testing.PackagedGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway's stage queues as an operator sees them in its console (Jolokia over HTTP): a
 * scenario knows a message is done with, not merely received once, when nothing is left queued for it.
 */
final class Queues {

    private static final String USER = "otto";
    private static final String PASSWORD = "otto-pass";
    private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");

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

    /** Messages on the queue, those being delivered and those scheduled for later included; -1 while unreadable. */
    long count(String queue) throws InterruptedException {
        String mbean = "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,address=\"" + queue
                + "\",subcomponent=queues,routing-type=\"anycast\",queue=\"" + queue + "\"";
        try {
            Matcher m = VALUE.matcher(jolokia.read(mbean + "/MessageCount"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException consoleNotUpYet) {
            return -1;
        }
    }

    /** Polls until every queue named is empty; fails naming what is left after {@code timeout}. */
    void awaitEmpty(Duration timeout, String... queues) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String queue : queues) {
            long n;
            while ((n = count(queue)) != 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(queue + " holds " + n + " message(s) after " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }
}
