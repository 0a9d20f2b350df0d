package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.tls.TestCertificates;
import io.caravan.testing.ChildJvm;
import io.caravan.testing.Http;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged jars in their own JVMs, one per role: an edge (ingress, its own journal, a bridge to the
 * core's broker), a core (routing and bounce, its broker open to the others with a login) and an egress node
 * (delivery, on the core's broker). Mail the edge accepts while the core is down, a large message among it,
 * reaches the sink once the core is up; so does mail accepted while the core is killed later. The sink counts
 * every message once: none lost, none twice. The first case runs the link over TLS, the second in plain TCP.
 */
class EdgeCoreIT {

    private static final String USER = "caravan-link";
    private static final String PASSWORD = "link-secret-for-the-test";
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)\r?$");
    /** Above Artemis' large-message threshold and Caravan's 1 MiB spooling threshold alike. */
    private static final int LARGE_BYTES = 2 * 1024 * 1024;

    /** Kept after a failure: the three nodes' logs say where a message went. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void mailAcceptedAtTheEdgeWhileTheCoreIsDownIsDeliveredOnceWhenItReturns() throws Exception {
        int corePort = ChildJvm.freePort();
        try (Sink sink = Sink.accepting();
             PackagedGateway edge = new PackagedGateway(dir.resolve("edge"));
             PackagedGateway core = new PackagedGateway(dir.resolve("core"));
             PackagedGateway egress = new PackagedGateway(dir.resolve("egress"))) {
            roles(edge, core, egress, corePort, sink);
            overTls(edge, core, egress, corePort);

            edge.start();
            int health = edge.consolePort();
            Http.Answer ready = Http.get(health, "/health/ready");
            assertEquals(200, ready.status(), ready.toString());
            assertTrue(ready.body().contains("core link tcp://127.0.0.1:" + corePort + ": down"), ready.body());

            // the core has never run: the edge accepts and keeps
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(send(edge, "before-" + i, false));
            }
            expected.add(send(edge, "large-before", true));
            ready = Http.await(health, "/health/ready",
                    a -> a.body().contains("down, 11 messages waiting to be forwarded"), Duration.ofSeconds(10));
            assertEquals(200, ready.status(), "an edge without its core still takes mail: " + ready);

            core.start();
            egress.start();
            sink.await(m -> m.size() >= 11, Duration.ofSeconds(90));
            ready = Http.await(health, "/health/ready",
                    a -> a.body().contains("connected, 0 messages waiting to be forwarded"), Duration.ofSeconds(30));
            assertEquals(200, ready.status(), ready.toString());

            // the core killed while the link is up: the edge goes on accepting, and forwards once it is back.
            // The egress node stops first, gracefully: killed between a delivery and its commit on the core's
            // broker, a delivery is made again once the broker returns (at least once), which is egress's
            // contract with any broker, not the link's
            assertEquals(143, egress.stop());
            core.close();
            Http.await(health, "/health/ready", a -> a.body().contains(": down, "), Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                expected.add(send(edge, "during-" + i, false));
            }
            expected.add(send(edge, "large-during", true));
            ready = Http.get(health, "/health/ready");
            assertEquals(200, ready.status(), ready.toString());
            assertTrue(ready.body().contains("down, 6 messages waiting to be forwarded"), ready.body());

            core.start();
            egress.start();
            sink.await(m -> m.size() >= expected.size(), Duration.ofSeconds(120));
            Http.await(health, "/health/ready",
                    a -> a.body().contains("connected, 0 messages waiting to be forwarded"), Duration.ofSeconds(30));
            Thread.sleep(5000); // time for a copy that would come twice
            assertEquals(once(expected), counts(sink), "every message accepted at the edge reaches the sink exactly once");
            for (Sink.Received m : sink.messages()) {
                if (subject(m.data()).startsWith("large-")) {
                    assertTrue(m.data().length > LARGE_BYTES, "a large message arrives whole: " + m.data().length);
                    assertTrue(new String(m.data(), StandardCharsets.US_ASCII).contains("last line of the large one"));
                }
            }
            assertTrue(core.log().contains("role core"), core.log());
            assertTrue(egress.log().contains("role egress"), egress.log());
        }
    }

    /**
     * The core killed while the bridge is forwarding a backlog: what was on its way when the link broke is sent
     * again once the core is back, and the core's broker keeps one copy of each (the bridge's duplicate ids).
     */
    @Test
    void aLinkCutWhileForwardingLosesNothingAndDuplicatesNothing() throws Exception {
        int corePort = ChildJvm.freePort();
        int count = 300;
        try (Sink sink = Sink.accepting();
             PackagedGateway edge = new PackagedGateway(dir.resolve("edge"));
             PackagedGateway core = new PackagedGateway(dir.resolve("core"));
             PackagedGateway egress = new PackagedGateway(dir.resolve("egress"))) {
            roles(edge, core, egress, corePort, sink);
            // one client sends the backlog quickly: no banner delay, no per-client rates
            edge.set("caravan.smtp.guard.greet-delay", "0s").set("caravan.smtp.guard.connection-rate-per-client", 0)
                    .set("caravan.smtp.guard.message-rate-per-client", 0);
            edge.start();
            int health = edge.consolePort();
            List<String> expected = new ArrayList<>();
            String filler = "x".repeat(70) + "\r\n";
            for (int i = 0; i < count; i++) {
                String subject = "backlog-" + i;
                String reply = edge.send("127.0.0.1", "alice@example.org", List.of("bob@example.net"),
                        Mail.text("alice@example.org", "bob@example.net", subject) + filler.repeat(2500));
                assertTrue(reply.startsWith("250"), reply);
                expected.add(subject);
            }
            Http.await(health, "/health/ready", a -> a.body().contains("down, " + count + " messages waiting"),
                    Duration.ofSeconds(10));

            core.start();
            // killed as soon as the bridge has forwarded part of the backlog, with more on its way: messages of
            // about 180 KB, so that forwarding the whole backlog outlasts a few polls even on a fast machine
            Pattern waiting = Pattern.compile("connected, (\\d+) messages? waiting");
            long seen = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = waiting.matcher(Http.get(health, "/health/ready").body());
                if (m.find() && Long.parseLong(m.group(1)) < count) {
                    seen = Long.parseLong(m.group(1));
                    break;
                }
                Thread.sleep(2); // not a connection per microsecond: each poll is a new one from an ephemeral port
            }
            core.close();
            assertTrue(seen > 0 && seen < count, "the core was killed while the bridge forwarded the backlog: " + seen);
            Http.await(health, "/health/ready", a -> a.body().contains(": down, "), Duration.ofSeconds(30));

            core.start();
            egress.start();
            sink.await(m -> m.size() >= count, Duration.ofSeconds(180));
            Http.await(health, "/health/ready",
                    a -> a.body().contains("connected, 0 messages waiting to be forwarded"), Duration.ofSeconds(30));
            Thread.sleep(5000); // time for a copy that would come twice
            assertEquals(once(expected), counts(sink), "every message accepted at the edge reaches the sink exactly once");
            // how the cut fell, for the report: the core's broker says each copy it dropped as a duplicate
            System.out.printf("link cut with %d of %d waiting on the edge; the core dropped %d duplicate(s)%n", seen,
                    count, core.log().lines().filter(l -> l.contains("AMQ222059")).count());
        }
    }

    /** The three nodes' settings: an edge and an egress node that reach the core's broker with its login. */
    private static void roles(PackagedGateway edge, PackagedGateway core, PackagedGateway egress, int corePort,
                              Sink sink) {
        edge.set("caravan.node.name", "edge-1").set("caravan.node.role", "edge")
                .set("caravan.core.url", "tcp://127.0.0.1:" + corePort)
                .set("caravan.core.user", USER).set("caravan.core.password", PASSWORD)
                .write("accepted-domains", "example.net\n");
        core.set("caravan.node.name", "core-1").set("caravan.node.role", "core")
                .set("caravan.broker.listen", "127.0.0.1:" + corePort)
                .set("caravan.broker.listen.user", USER).set("caravan.broker.listen.password", PASSWORD)
                .write("transport", "example.net smtp:[127.0.0.1]:" + sink.port() + "\n");
        egress.set("caravan.node.name", "egress-1").set("caravan.node.role", "egress")
                .set("caravan.broker.url", "tcp://127.0.0.1:" + corePort)
                .set("caravan.broker.user", USER).set("caravan.broker.password", PASSWORD);
    }

    /**
     * The core's acceptor with a certificate for 127.0.0.1; the edge and the egress node trust it in their URLs
     * (and check the address it names, as Caravan's clients do by default).
     */
    private void overTls(PackagedGateway edge, PackagedGateway core, PackagedGateway egress, int corePort)
            throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSignedAddress("127.0.0.1");
        Path chain = pem(dir.resolve("core-link.pem"), "CERTIFICATE", cert.certificate().getEncoded());
        Path key = pem(dir.resolve("core-link.key"), "PRIVATE KEY", cert.keys().getPrivate().getEncoded());
        String url = "tcp://127.0.0.1:" + corePort + "?sslEnabled=true&trustStoreType=PEMCA&trustStorePath=" + chain;
        core.set("caravan.broker.listen.tls.certificate", chain.toString())
                .set("caravan.broker.listen.tls.key", key.toString());
        edge.set("caravan.core.url", url);
        egress.set("caravan.broker.url", url);
    }

    private static Path pem(Path file, String type, byte[] der) throws java.io.IOException {
        java.nio.file.Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }

    /** Each subject the sink received, with the number of times. */
    private static Map<String, Long> counts(Sink sink) {
        return sink.messages().stream().map(m -> subject(m.data()))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> once(List<String> subjects) {
        return subjects.stream().collect(Collectors.toMap(Function.identity(), s -> 1L, Long::sum, TreeMap::new));
    }

    /** Sends one message to the edge's mx listener: its subject, once the edge answered 250. */
    private static String send(PackagedGateway edge, String subject, boolean large) throws Exception {
        String message = Mail.text("alice@example.org", "bob@example.net", subject);
        if (large) {
            StringBuilder body = new StringBuilder(message);
            String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n";
            while (body.length() < LARGE_BYTES + 1024) {
                body.append(line);
            }
            message = body.append("last line of the large one\r\n").toString();
        }
        String reply = edge.send("127.0.0.1", "alice@example.org", List.of("bob@example.net"), message);
        assertTrue(reply.startsWith("250"), reply);
        return subject;
    }

    private static String subject(byte[] data) {
        Matcher m = SUBJECT.matcher(new String(data, StandardCharsets.US_ASCII));
        return m.find() ? m.group(1) : "(no subject)";
    }
}
