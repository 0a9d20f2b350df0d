package io.caravan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An Artemis broker in a process of its own for Caravan to use as its external broker
 * ({@code caravan.broker.url}): Caravan's {@code EmbeddedBroker} with Caravan's broker.xml, started from
 * Caravan's jar (a one-file Java program run in source-file mode), listening on 127.0.0.1 only. It can be
 * killed and started again on the same journal.
 */
final class ExternalBroker implements AutoCloseable {
    private final Path caravanJar;
    private final Path brokerXml;
    private final Path dir;
    private final int port;
    private Process process;

    ExternalBroker(Path caravanJar, Path brokerXml, Path workDir, int port) {
        this.caravanJar = caravanJar.toAbsolutePath();
        this.brokerXml = brokerXml.toAbsolutePath();
        this.dir = workDir.resolve("caravan-broker").toAbsolutePath();
        this.port = port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts on a fresh data directory; null when the port answers, else why not. */
    String start() throws Exception {
        PostfixTarget.deleteTree(dir);
        Files.createDirectories(dir.resolve("data"));
        try (InputStream src = ExternalBroker.class.getResourceAsStream("/broker/BrokerMain.java")) {
            Files.write(dir.resolve("BrokerMain.java"), src.readAllBytes());
        }
        return launch();
    }

    /** Starts again on the same journal. */
    String launch() throws Exception {
        process = new ProcessBuilder("java", CaravanTarget.nativeLibraryPath(caravanJar), "-cp", caravanJar.toString(),
                dir.resolve("BrokerMain.java").toString(),
                brokerXml.toString(), dir.resolve("data").toString(), "127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return null;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        return process.isAlive() ? "broker port " + port + " not open after 90 s"
                : "broker exited with " + process.exitValue() + " (see " + dir.resolve("broker.log") + ")";
    }

    /** SIGKILL, as a crash or a pulled plug would: nothing the broker did not sync survives. */
    void kill9() throws Exception {
        if (process != null) {
            new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        Processes.stop(process, Duration.ofSeconds(30));
        process = null;
    }
}
