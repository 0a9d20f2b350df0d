package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.caravan.testing.LoopbackDnsServer;
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
import java.nio.file.Files;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Four messages of the advertised size limit at once through the packaged jar with the shipped heap
 * (config/jvm.options), to a SubEthaSMTP sink on loopback, once sent with DATA and once with BDAT: each
 * arrives intact (its digest, computed as it streams through sender and sink, matches), the gateway never
 * ran out of memory, and its spool directory is empty afterwards. Neither the test's sender nor its sink
 * holds a message: both stream.
 *
 * <p>The four BDAT senders cut their messages differently: one chunk of the whole message (the case that
 * used to be joined in the heap), chunks of 1 MiB + 1 octet that split CRLFs across chunks, a small first
 * chunk that stays under the spool threshold followed by the rest in one, and eight chunks pipelined.
 */
class LargeMessageIT {

    private static final long LIMIT = 50L * 1024 * 1024; // config/caravan.properties' default, caravan.smtp.max-message-size
    private static final int PARALLEL = 4;

    enum Verb { DATA, BDAT }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "by {0}")
    @EnumSource(Verb.class)
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // up to 5 to accept and 3 to deliver, plus the start
    void fourMessagesOfTheSizeLimitAtOnceArriveIntactWithTheShippedHeap(Verb verb) throws Exception {
        Map<String, String> received = new ConcurrentHashMap<>();
        SMTPServer sink = SMTPServer.port(0).bindAddress(InetAddress.getByName("127.0.0.1")).hostName("sink.test")
                .insertReceivedHeaders(false).maxMessageSize(0).messageHandlerFactory(c -> digesting(c, received))
                .build();
        sink.start();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("example.net. 300 IN MX 10 mx.example.net.").add("mx.example.net. 300 IN A 127.0.0.1");
            // the next hop is found by MX and A; the entry only gives the sink's port, which cannot be 25 here
            gateway.dns(dns).write("accepted-domains", "example.net\n")
                    .write("transport", "example.net smtp:example.net:" + sink.getPortAllocated() + "\n")
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
                sent.add(senders.submit(() -> send(verb, gateway.mxPort(), n, size)));
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
            System.out.printf("%d x %d MiB by %s: accepted after %d s, delivered after %d s%n", PARALLEL, size >> 20,
                    verb, TimeUnit.NANOSECONDS.toSeconds(accepted - start),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            String log = gateway.log();
            assertFalse(log.contains("OutOfMemoryError"), log.lines().filter(l -> l.contains("OutOfMemory")).toList().toString());
            assertEquals(expected, received, "each message arrives once and intact:\n" + tail(log));
            Path spool = dir.resolve("data/spool");
            List<Path> left = spoolFiles(spool);
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); !left.isEmpty() && System.nanoTime() < until; ) {
                Thread.sleep(200); // egress deletes its copy when its exchange has ended, just after the sink's 250
                left = spoolFiles(spool);
            }
            assertEquals(List.of(), left, "every spool file is deleted once its exchange has ended");
        } finally {
            sink.stop();
        }
    }

    private static String send(Verb verb, int port, int n, long size) throws Exception {
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
            Generated message = new Generated(n, size);
            if (verb == Verb.DATA) {
                sendData(in, out, message);
            } else {
                sendBdat(in, out, message, n);
            }
            command(out, "QUIT");
            return message.digest();
        }
    }

    /** DATA, dot-stuffed as it goes. */
    private static void sendData(BufferedReader in, OutputStream out, Generated message) throws IOException {
        command(out, "DATA");
        expect(in, "354");
        while (message.nextLine()) {
            if (message.line[0] == '.') {
                out.write('.'); // a leading dot: stuffed on the wire, and must arrive as one dot
            }
            out.write(message.line, 0, message.lineLength);
        }
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, "250");
    }

    /** BDAT, cut into chunks as message {@code n}'s plan says (see the class comment). */
    private static void sendBdat(BufferedReader in, OutputStream out, Generated message, int n) throws IOException {
        long size = message.size;
        switch (n % 4) {
            case 0 -> chunk(in, out, message, size, true);
            case 1 -> {
                for (long left = size; left > 0; left -= 1024 * 1024 + 1) {
                    chunk(in, out, message, Math.min(left, 1024 * 1024 + 1), false);
                }
                chunk(in, out, message, 0, true);
            }
            case 2 -> {
                chunk(in, out, message, 64 * 1024 - 1, false);
                chunk(in, out, message, size - (64 * 1024 - 1), true);
            }
            default -> {
                long piece = size / 8 + 1;
                int chunks = 0;
                for (long left = size; left > 0; left -= piece) { // pipelined: the replies are read after the last
                    long length = Math.min(left, piece);
                    out.write(("BDAT " + length + (left == length ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    message.copy(out, length);
                    chunks++;
                }
                out.flush();
                for (int i = 1; i < chunks; i++) {
                    expect(in, "250 2.0.0 " + piece + " octets received");
                }
                expect(in, "250 2.0.0 Ok: queued as");
            }
        }
    }

    private static void chunk(BufferedReader in, OutputStream out, Generated message, long length, boolean last)
            throws IOException {
        out.write(("BDAT " + length + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        message.copy(out, length);
        out.flush();
        expect(in, last ? "250 2.0.0 Ok: queued as" : "250 2.0.0 " + length + " octets received");
    }

    /**
     * A message of exactly {@code size} octets made as it is sent: a header section, then CRLF-ended lines of
     * random letters, one in fifty starting with a dot. Digests what it hands out.
     */
    private static final class Generated {
        final long size;
        final byte[] line = new byte[128];
        int lineLength;
        private int linePos;
        private long made;
        private final Random random;
        private final MessageDigest digest;

        Generated(int n, long size) throws Exception {
            this.size = size;
            this.random = new Random(n);
            this.digest = MessageDigest.getInstance("SHA-256");
            byte[] head = ("X-Large-Test: m" + n + "\r\nFrom: <a@example.org>\r\nTo: <b@example.net>\r\n"
                    + "Subject: large " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, line, 0, head.length);
            lineLength = head.length;
            made = head.length;
            digest.update(head);
            linePos = -1; // the header section is the first "line"; nextLine() hands it out first
        }

        /** Makes the next line (line[0, lineLength)); false when the message is complete. */
        boolean nextLine() {
            if (linePos < 0) {
                linePos = 0;
                return true;
            }
            if (made >= size) {
                return false;
            }
            int length = (int) Math.min(76, size - made - 2);
            if (length < 0) {
                throw new IllegalStateException("a size that ends in half a CRLF");
            }
            for (int i = 0; i < length; i++) {
                line[i] = (byte) ('A' + random.nextInt(26));
            }
            if (length > 0 && random.nextInt(50) == 0) {
                line[0] = '.';
            }
            line[length] = '\r';
            line[length + 1] = '\n';
            lineLength = length + 2;
            linePos = 0;
            made += lineLength;
            digest.update(line, 0, lineLength);
            return true;
        }

        /** Writes the next {@code length} octets of the message, as BDAT sends them: no stuffing. */
        void copy(OutputStream out, long length) throws IOException {
            while (length > 0) {
                if (linePos >= lineLength || linePos < 0) {
                    if (!nextLine()) {
                        throw new IllegalStateException("the message is shorter than its chunks");
                    }
                }
                int n = (int) Math.min(length, lineLength - linePos);
                out.write(line, linePos, n);
                linePos += n;
                length -= n;
            }
        }

        String digest() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static List<Path> spoolFiles(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
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
