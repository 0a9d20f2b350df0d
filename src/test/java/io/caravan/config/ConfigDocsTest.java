package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.broker.StageQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md must describe every key the code reads, with its default. */
class ConfigDocsTest {

    private static final Path DOC = Path.of("docs/CONFIG.md");

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> missing = new TreeSet<>();
        for (Key key : Key.values()) {
            String row = "`" + key.property() + "`";
            String expectedDefault = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
            boolean found = doc.lines().anyMatch(line -> line.contains(row) && line.contains(expectedDefault));
            if (!found) {
                missing.add(key.property() + " (default " + expectedDefault + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docs/CONFIG.md lacks a row for: " + missing);
    }

    /** A "caravan.x" literal in the source that is neither a key nor a queue name would be a key read behind the registry's back. */
    @Test
    void noPropertyIsReadOutsideTheRegistry() throws IOException {
        Pattern literal = Pattern.compile("\"(caravan\\.[a-z0-9.-]+)\"");
        Set<String> known = new TreeSet<>();
        Arrays.stream(Key.values()).map(Key::property).forEach(known::add);
        Arrays.stream(StageQueue.values()).forEach(q -> {
            known.add(q.queueName());
            known.add(q.holdQueueName());
        });
        known.add(Settings.FILE_NAME);
        known.add(io.caravan.broker.Lanes.PREFIX); // the delivery lanes' queue names

        Set<String> stray = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        stray.add(m.group(1) + " in " + file);
                    }
                }
            }
        }
        assertTrue(stray.isEmpty(), "properties read outside io.caravan.config.Key: " + stray);
    }
}
