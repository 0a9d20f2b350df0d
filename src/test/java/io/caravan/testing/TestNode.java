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

    public Settings settings() {
        return Settings.load(config, data, Map.of(), new Properties());
    }

    public Gateway start(RoutesBuilder... extraRoutes) {
        return Gateway.start(settings(), List.of(extraRoutes));
    }

    private static void copyTree(Path from, Path to) {
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
