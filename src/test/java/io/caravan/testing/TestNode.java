package io.caravan.testing;

import io.caravan.app.Gateway;
import io.caravan.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.RoutesBuilder;

/**
 * A gateway node for tests: a private copy of the shipped {@code config/}
 * directory and a data directory under a temp folder. Properties are appended
 * to the copy's caravan.properties, so tests exercise the real loading path.
 */
public final class TestNode {

    private final Path root;
    private final Path config;
    private final Path data;

    public TestNode(Path root) {
        this.root = root;
        this.config = root.resolve("config");
        this.data = root.resolve("data");
        copyTree(Path.of("config"), config);
        set("caravan.console.enabled", false); // tests that need the console turn it back on
        set("caravan.smtp.guard.greet-delay", "0s"); // no banner wait per connection; pregreet tests set it
        // ephemeral SMTP ports on loopback: tests ask the gateway which ones it got
        set("caravan.smtp.mx.bind", "127.0.0.1").set("caravan.smtp.mx.port", 0);
        set("caravan.smtp.submission.bind", "127.0.0.1").set("caravan.smtp.submission.port", 0);
        // no test may reach a real resolver: a dead loopback port answers nothing, fast
        set("caravan.dns.servers", "127.0.0.1:9").set("caravan.dns.timeout", "200ms").set("caravan.dns.retries", 0);
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return config;
    }

    public Path data() {
        return data;
    }

    public TestNode set(String key, Object value) {
        try (Writer out = Files.newBufferedWriter(config.resolve(Settings.FILE_NAME), StandardOpenOption.APPEND)) {
            out.write("\n" + key + " = " + value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Rewrites a shipped config file, e.g. to shorten broker redelivery delays. */
    public TestNode edit(String file, String from, String to) {
        try {
            Path path = config.resolve(file);
            String text = Files.readString(path);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(path, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Replaces the transport map (Postfix syntax), e.g. "example.net smtp:[127.0.0.1]:2525". */
    public TestNode transport(String... lines) {
        try {
            Files.writeString(config.resolve("transport"), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Routes a recipient domain by name, as delivery to a real domain goes: publishes
     * {@code domain MX 10 mx.domain} and {@code mx.domain A 127.0.0.1} on the loopback DNS server,
     * points the node's DNS at it and adds the transport entry {@code domain smtp:domain:port},
     * which keeps the MX lookup and only sets the port (a receiver on loopback cannot listen on 25).
     * Call {@link #transport} first if a test also needs entries of its own: it replaces the table.
     */
    public TestNode routeByName(LoopbackDnsServer server, String domain, int port) {
        return routeByName(server, domain, "mx." + domain, port);
    }

    /** As {@link #routeByName(LoopbackDnsServer, String, int)} with the MX host named, e.g. a provider's. */
    public TestNode routeByName(LoopbackDnsServer server, String domain, String mxHost, int port) {
        server.add(domain + ". 300 IN MX 10 " + mxHost + ".").add(mxHost + ". 300 IN A 127.0.0.1");
        try {
            Files.writeString(config.resolve("transport"), domain + " smtp:" + domain + ":" + port + "\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dns(server);
    }

    /** Replaces config/accepted-domains. */
    public TestNode acceptedDomains(String... domains) {
        try {
            Files.writeString(config.resolve("accepted-domains"), String.join("\n", domains) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Points every DNS lookup of the node at a server on loopback. */
    public TestNode dns(LoopbackDnsServer server) {
        return set("caravan.dns.servers", "127.0.0.1:" + server.port()).set("caravan.dns.timeout", "1s")
                .set("caravan.dns.retries", 0);
    }

    public Settings settings() {
        return Settings.load(config, data, Map.of(), new Properties());
    }

    public Gateway start(RoutesBuilder... extraRoutes) {
        return Gateway.start(settings(), List.of(extraRoutes));
    }

    /** Copies a directory tree, e.g. the shipped {@code config/} into a test's own directory. */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
