package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.BrokerPairProcess;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on an external replicated broker pair (two child JVMs, {@link BrokerPairProcess}), given
 * only the failover URL: clients send a steady stream, the primary is killed (SIGKILL) part-way, and every
 * message that got its 250, before or after, reaches the sink on loopback. A message refused with a 4xx (or
 * whose connection broke) while the backup takes over is sent again, as a client would; those refusals and
 * the sink's duplicates (the same message delivered twice: at-least-once across the failover) are counted
 * and printed.
 */
class BrokerFailoverIT {

    private static final int CLIENTS = 4;
    private static final int PER_CLIENT = 75;
    /** The primary dies once this many messages have their 250. */
    private static final int KILL_AFTER = 100;
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (failover-\\S+)\r?$");
    private static final Pattern ATTEMPT = Pattern.compile("(?m)^X-Attempt: (\\d+)\r?$");

    @TempDir
    Path dir;

    @Test
    void noAcceptedMessageIsLostWhenThePrimaryDies() throws Exception {
        int primaryPort = ChildJvm.freePort();
        int backupPort = ChildJvm.freePort();
        String clusterPassword = UUID.randomUUID().toString();
        try (Sink sink = Sink.accepting(); PackagedGateway gateway = new PackagedGateway(dir.resolve("node"))) {
            gateway.set("caravan.broker.url", "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort
                            + ")?ha=true&reconnectAttempts=-1")
                    .set("caravan.smtp.guard.greet-delay", "0s")
                    .set("caravan.smtp.guard.connection-rate-per-client", 0)
                    .set("caravan.smtp.guard.message-rate-per-client", 0)
                    .write("accepted-domains", "example.net\n")
                    .write("transport", "example.net smtp:[127.0.0.1]:" + sink.port() + "\n");
            String brokerXml = gateway.config().resolve("broker.xml").toString();
            try (ChildJvm primary = BrokerPairProcess.start(dir, brokerXml, "primary", primaryPort, backupPort,
                         clusterPassword);
                 ChildJvm backup = BrokerPairProcess.start(dir, brokerXml, "backup", backupPort, primaryPort,
                         clusterPassword)) {
                primary.awaitLog("state: active", Duration.ofSeconds(60));
                backup.awaitLog("state: in sync", Duration.ofSeconds(60));
                gateway.start();

                Map<String, Integer> accepted = new ConcurrentHashMap<>();
                Map<String, Integer> refusals = new ConcurrentHashMap<>();
                AtomicInteger acceptedAfterKill = new AtomicInteger();
                CountDownLatch killTime = new CountDownLatch(KILL_AFTER);
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> done = new ArrayList<>();
                java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < PER_CLIENT; i++) {
                            String subject = "failover-" + client + "-" + i;
                            // sent until it gets a 250, as a client retries a 4xx or a broken connection
                            for (int attempt = 1; ; attempt++) {
                                String reply = sendOnce(gateway.mxPort(), subject, attempt);
                                if (reply.startsWith("250")) {
                                    accepted.put(subject, client);
                                    if (killed.get()) {
                                        acceptedAfterKill.incrementAndGet();
                                    }
                                    killTime.countDown();
                                    break;
                                }
                                assertTrue(reply.startsWith("4") || reply.startsWith("broken"),
                                        subject + ": " + reply);
                                refusals.merge(reply.replaceAll("[0-9A-F]{10,}", "ID").lines().findFirst().orElse(""),
                                        1, Integer::sum);
                                Thread.sleep(500);
                            }
                            Thread.sleep(20);
                        }
                        return null;
                    }));
                }
                assertTrue(killTime.await(120, TimeUnit.SECONDS), "the first " + KILL_AFTER + " messages");
                primary.kill();
                killed.set(true);
                for (Future<?> f : done) {
                    f.get(300, TimeUnit.SECONDS);
                }
                clients.shutdown();
                assertTrue(backup.log().contains("state: active"), "the backup took over:\n" + backup.log());
                assertEquals(CLIENTS * PER_CLIENT, accepted.size());

                sink.await(received -> subjects(received).containsAll(accepted.keySet()), Duration.ofSeconds(180));
                Thread.sleep(5000); // a duplicate's second delivery may come after the last first one
                // a copy: the same attempt of a message delivered twice, which only the gateway can cause;
                // a resend: an earlier attempt also delivered, its 250 lost with a broken connection
                List<String> copies = new ArrayList<>();
                Set<String> attempts = new HashSet<>();
                Set<String> delivered = new HashSet<>();
                for (Sink.Received r : sink.messages()) {
                    String s = subject(r);
                    delivered.add(s);
                    if (!attempts.add(s + "#" + attempt(r))) {
                        copies.add(s + "#" + attempt(r));
                    }
                }
                int resent = attempts.size() - delivered.size();
                Set<String> lost = new HashSet<>(accepted.keySet());
                lost.removeAll(delivered);
                System.out.printf("broker failover: %d accepted (%d after the kill), %d lost, %d duplicates %s,"
                                + " %d also delivered from an attempt the client had sent again,"
                                + " %d refusals (4xx or broken connection) sent again: %s%n",
                        accepted.size(), acceptedAfterKill.get(), lost.size(), copies.size(), copies, resent,
                        refusals.values().stream().mapToInt(Integer::intValue).sum(), refusals);
                gateway.log().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                        .limit(40).forEach(l -> System.out.println("gateway: " + l));
                assertEquals(Set.of(), lost, "accepted but never delivered");
                assertTrue(acceptedAfterKill.get() > 0, "the gateway took mail on the backup");
            }
        }
    }


    /** One SMTP transaction: the reply to the final dot, or the first refusal, or "broken: ..." */
    private static String sendOnce(int port, String subject, int attempt) {
        try (SmtpTestClient smtp = SmtpTestClient.connect(port)) {
            String[] steps = {null, "EHLO client.test", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.net>",
                    "DATA"};
            for (String step : steps) {
                if (step != null) {
                    smtp.send(step);
                }
                String reply = smtp.reply();
                if (!reply.startsWith("2") && !reply.startsWith("354")) {
                    return reply.trim();
                }
            }
            smtp.raw(Mail.text("alice@example.org", "bob@example.net", subject,
                    "X-Attempt: " + attempt).replace("\r\n", "\n")
                    .replace("\n", "\r\n") + ".\r\n");
            String reply = smtp.reply().trim();
            smtp.send("QUIT");
            return reply;
        } catch (IOException | AssertionError e) {
            return "broken: " + e.getMessage();
        }
    }

    private static Set<String> subjects(List<Sink.Received> received) {
        Set<String> s = new HashSet<>();
        received.forEach(r -> s.add(subject(r)));
        return s;
    }

    private static String attempt(Sink.Received r) {
        Matcher m = ATTEMPT.matcher(new String(r.data(), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "?";
    }

    private static String subject(Sink.Received r) {
        Matcher m = SUBJECT.matcher(new String(r.data(), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "(no subject)";
    }
}
