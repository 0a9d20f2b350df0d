package io.caravan.egress.mtasts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.caravan.config.PrivateFiles;
import io.caravan.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetched policies, kept in one JSON file in the data directory so a restart does not fetch them all again
 * (RFC 8461 §5.1 relies on a cache that outlives the process: it is what stops a downgrade by an attacker who
 * blocks the fetch). The file is replaced whole by a rename, so a crash leaves the old one or the new one.
 */
public final class PolicyStore {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);
    private static final TypeReference<Map<String, CachedPolicy>> TYPE = new TypeReference<>() {
    };

    private final Path file;

    public PolicyStore(Path directory) {
        this.file = PrivateFiles.directory(directory).resolve("policies.json");
    }

    /** What the file holds that is still valid; a file that cannot be read is only a cache, so it is logged and ignored. */
    public Map<String, CachedPolicy> load(Instant now) {
        if (!Files.exists(file)) {
            return new HashMap<>();
        }
        try {
            Map<String, CachedPolicy> read = Json.MAPPER.readValue(file.toFile(), TYPE);
            Map<String, CachedPolicy> valid = new HashMap<>();
            read.forEach((domain, p) -> {
                if (p != null && p.policy() != null && p.expires() != null && p.validAt(now)) {
                    valid.put(domain, p);
                }
            });
            return valid;
        } catch (IOException e) {
            LOG.warn("MTA-STS policy cache {} cannot be read, starting without it: {}", file, e.getMessage());
            return new HashMap<>();
        }
    }

    public void save(Map<String, CachedPolicy> policies) {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            PrivateFiles.writeString(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new TreeMap<>(policies)));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write MTA-STS policy cache " + file, e);
        }
    }
}
