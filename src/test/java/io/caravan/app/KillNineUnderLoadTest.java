package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.ChildJvm;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The fast CI form of the harness's kill -9 fault: SMTP clients send to a gateway in another JVM
 * while it relays to a receiver; the gateway is SIGKILLed mid-load and started again on the same
 * data directory. Every message that got a 250 reaches the receiver; copies of messages that were
 * on the wire when the process died may arrive twice (counted, not failed).
 */
class KillNineUnderLoadTest {

    private static final Pattern ID = Pattern.compile("Subject: (L\\d+-\\d+)");

    @TempDir
    Path dir;

    @Test
    void everyAcceptedMessageIsDeliveredAfterARestart() throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        SMTPServer sink = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1")).hostName("sink.test")
                .simpleMessageListener(new SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String recipient) {
                        return true;
                    }

                    @Override
                    public void deliver(String from, String recipient, InputStream data) throws IOException {
                        Matcher m = ID.matcher(new String(data.readAllBytes(), StandardCharsets.US_ASCII));
                        if (m.find()) {
                            received.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }).build();
        sink.start();
        int smtp = ChildJvm.freePort();
        TestNode node = new TestNode(dir).acceptedDomains("example.net")
                .transport("example.net smtp:[127.0.0.1]:" + sink.getPortAllocated())
                .set("caravan.smtp.mx.port", smtp)
                .set("caravan.smtp.guard.max-connections-per-client", 0)
                .set("caravan.smtp.guard.connection-rate-per-client", 0)
                .set("caravan.smtp.guard.message-rate-per-client", 0);
        String[] args = {"--config", node.config().toString(), "--data", node.data().toString()};
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> cuts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            try (ChildJvm first = ChildJvm.start(dir.resolve("first.log"), dir, "io.caravan.Caravan", args)) {
                first.awaitPort(smtp, Duration.ofSeconds(60));
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    Thread t = new Thread(() -> sendUntilCut(smtp, client, accepted, cuts), "load-" + c);
                    t.start();
                    clients.add(t);
                }
                long loadDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (accepted.size() < 120 && System.nanoTime() < loadDeadline) {
                    Thread.sleep(20);
                }
                first.kill();
                for (Thread t : clients) {
                    t.join(30_000);
                }
            }
            int acceptedBeforeKill = accepted.size();
            try (ChildJvm second = ChildJvm.start(dir.resolve("second.log"), dir, "io.caravan.Caravan", args)) {
                second.awaitPort(smtp, Duration.ofSeconds(60));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!received.keySet().containsAll(accepted) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                Set<String> missing = new HashSet<>(accepted);
                missing.removeAll(received.keySet());
                assertTrue(acceptedBeforeKill >= 120, "the load ran before the kill: " + cuts);
                assertEquals(Set.of(), missing, "every message that got a 250 is delivered");
                long duplicates = received.values().stream().filter(n -> n.get() > 1).count();
                System.out.printf("kill -9 under load: %d accepted, %d delivered, %d duplicated%n",
                        accepted.size(), received.size(), duplicates);
                assertEquals(143, second.terminate(Duration.ofSeconds(60)), "graceful stop on SIGTERM");
            }
        } finally {
            sink.stop();
        }
    }

    /** One client: messages on one connection until the gateway disappears; records each id that got 250. */
    private static void sendUntilCut(int port, int client, Set<String> accepted, List<String> cuts) {
        try (SmtpTestClient smtp = SmtpTestClient.connect(port)) {
            smtp.expect(220);
            smtp.cmd("EHLO load" + client + ".test", 250);
            for (int i = 0; ; i++) {
                String id = "L" + client + "-" + i;
                smtp.cmd("MAIL FROM:<load@example.org>", 250);
                smtp.cmd("RCPT TO:<rcpt" + i + "@example.net>", 250);
                smtp.cmd("DATA", 354);
                smtp.raw("From: <load@example.org>\r\nTo: <rcpt@example.net>\r\nSubject: " + id
                        + "\r\n\r\n" + ("x".repeat(76) + "\r\n").repeat(26) + ".\r\n");
                smtp.expect(250);
                accepted.add(id);
            }
        } catch (IOException | RuntimeException | AssertionError cut) {
            // the gateway was killed: this client's last message, if any, was not acknowledged
            cuts.add(cut.toString());
        }
    }
}
