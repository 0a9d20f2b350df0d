package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.PackagedGateway;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Four messages of the advertised size limit at once through the packaged jar with the shipped heap
 * (config/jvm.options), to a SubEthaSMTP sink on loopback: each arrives intact (its digest, computed
 * as it streams through sender and sink, matches) and the gateway never ran out of memory. Neither the
 * test's sender nor its sink holds a message: both stream.
 */
class LargeMessageIT {

    private static final long LIMIT = 50L * 1024 * 1024; // config/caravan.properties' default, caravan.smtp.max-message-size
    private static final int PARALLEL = 4;

    @TempDir
    Path dir;

    @Test
    void fourMessagesOfTheSizeLimitAtOnceArriveIntactWithTheShippedHeap() throws Exception {
        Map<String, String> received = new ConcurrentHashMap<>();
        SMTPServer sink = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1")).hostName("sink.test")
                .insertReceivedHeaders(false).maxMessageSize(0).messageHandlerFactory(c -> digesting(c, received))
                .build();
        sink.start();
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            gateway.write("accepted-domains", "example.net\n")
                    .write("transport", "example.net smtp:[127.0.0.1]:" + sink.getPortAllocated() + "\n")
                    .set("caravan.smtp.guard.max-connections-per-client", 0)
                    .set("caravan.smtp.guard.connection-rate-per-client", 0)
                    .set("caravan.smtp.guard.message-rate-per-client", 0);
            gateway.start();
            long start = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(PARALLEL);
            List<Future<String>> sent = new ArrayList<>();
            long size = LIMIT - 4096; // the gateway's own Received header comes on top, after the size check
            for (int i = 0; i < PARALLEL; i++) {
                int n = i;
                sent.add(senders.submit(() -> send(gateway.mxPort(), n, size)));
            }
            Map<String, String> expected = new ConcurrentHashMap<>();
            for (int i = 0; i < PARALLEL; i++) {
                expected.put("m" + i, sent.get(i).get(5, TimeUnit.MINUTES));
            }
            senders.shutdown();
            long accepted = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (received.size() < PARALLEL && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf("%d x %d MiB: accepted after %d s, delivered after %d s%n", PARALLEL, size >> 20,
                    TimeUnit.NANOSECONDS.toSeconds(accepted - start), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            String log = gateway.log();
            assertFalse(log.contains("OutOfMemoryError"), log.lines().filter(l -> l.contains("OutOfMemory")).toList().toString());
            assertEquals(expected, received, "each message arrives once and intact:\n" + tail(log));
        } finally {
            sink.stop();
        }
    }

    /** Sends one message of {@code size} octets, written from a generator as it goes; the digest of what was sent. */
    private static String send(int port, int n, long size) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(180_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect(in, "220");
            command(out, "EHLO sender.test");
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            command(out, "MAIL FROM:<a@example.org> SIZE=" + size);
            expect(in, "250");
            command(out, "RCPT TO:<b@example.net>");
            expect(in, "250");
            command(out, "DATA");
            expect(in, "354");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] head = ("X-Large-Test: m" + n + "\r\nFrom: <a@example.org>\r\nTo: <b@example.net>\r\n"
                    + "Subject: large " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            digest.update(head);
            long written = head.length;
            Random random = new Random(n);
            byte[] lineBytes = new byte[78];
            while (written < size) {
                int length = (int) Math.min(76, size - written - 2);
                for (int i = 0; i < length; i++) {
                    lineBytes[i] = (byte) ('A' + random.nextInt(26));
                }
                if (length > 0 && random.nextInt(50) == 0) {
                    lineBytes[0] = '.'; // a leading dot: stuffed on the wire, and must arrive as one dot
                }
                lineBytes[length] = '\r';
                lineBytes[length + 1] = '\n';
                if (length > 0 && lineBytes[0] == '.') {
                    out.write('.');
                }
                out.write(lineBytes, 0, length + 2);
                digest.update(lineBytes, 0, length + 2);
                written += length + 2;
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, "250");
            command(out, "QUIT");
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line = in.readLine();
        if (line == null || !line.startsWith(code)) {
            throw new AssertionError("expected " + code + ", got " + line);
        }
    }

    /** A sink handler that digests the message from its X-Large-Test line on, as it streams in. */
    private static MessageHandler digesting(MessageContext context, Map<String, String> received) {
        return new MessageHandler() {
            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) {
            }

            @Override
            public String data(InputStream data) throws IOException {
                InputStream in = new BufferedInputStream(data, 64 * 1024);
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) { // the gateway's Received header comes first: skip it
                    line.append((char) b);
                    if (b == '\n') {
                        if (line.toString().startsWith("X-Large-Test: ")) {
                            break;
                        }
                        line.setLength(0);
                    }
                }
                try {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    digest.update(line.toString().getBytes(StandardCharsets.US_ASCII));
                    byte[] buf = new byte[64 * 1024];
                    int r;
                    while ((r = in.read(buf)) >= 0) {
                        digest.update(buf, 0, r);
                    }
                    String id = line.substring("X-Large-Test: ".length()).trim();
                    if (received.put(id, HexFormat.of().formatHex(digest.digest())) != null) {
                        received.put(id, "duplicate");
                    }
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
