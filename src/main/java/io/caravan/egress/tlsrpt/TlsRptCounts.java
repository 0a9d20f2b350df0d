package io.caravan.egress.tlsrpt;

import com.fasterxml.jackson.core.type.TypeReference;
import io.caravan.config.PrivateFiles;
import io.caravan.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS sessions counted per policy per UTC day (RFC 8460 §4.1: a report covers one UTC day), kept in
 * {@code <dir>/<yyyy-MM-dd>.json}, one file per day, rewritten whole through a rename after every change, so
 * the counts of a day survive a restart and a crash leaves the previous file, never half of one.
 */
public final class TlsRptCounts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsRptCounts.class);
    private static final TypeReference<List<PolicyCount>> TYPE = new TypeReference<>() {
    };

    private final Path dir;
    private final Clock clock;
    private final Map<LocalDate, Map<PolicyRef, PolicyCount>> days = new TreeMap<>();

    public TlsRptCounts(Path dir, Clock clock) {
        this.dir = PrivateFiles.directory(dir);
        this.clock = clock;
        load();
    }

    /** Counts sessions under the current UTC day. */
    public synchronized void record(List<Session> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        LocalDate day = today();
        Map<PolicyRef, PolicyCount> counts = days.computeIfAbsent(day, d -> new LinkedHashMap<>());
        for (Session s : sessions) {
            counts.merge(s.policy(), PolicyCount.none(s.policy()).plus(s), (old, one) -> old.plus(s));
        }
        try {
            save(day);
        } catch (UncheckedIOException e) {
            // a delivery is never held up by its report: the counts stay in memory and the next change writes them
            LOG.warn("{}", e.getMessage(), e.getCause());
        }
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The days with counts, oldest first. */
    public synchronized List<LocalDate> days() {
        return List.copyOf(days.keySet());
    }

    /** A day's counts of one policy domain. */
    public synchronized List<PolicyCount> counts(LocalDate day, String domain) {
        return days.getOrDefault(day, Map.of()).values().stream()
                .filter(c -> c.policy().domain().equals(domain)).toList();
    }

    /** The policy domains with counts on a day. */
    public synchronized List<String> domains(LocalDate day) {
        return days.getOrDefault(day, Map.of()).keySet().stream().map(PolicyRef::domain).distinct().toList();
    }

    /** Forgets a day's counts of a domain (reported, or nowhere to report them); the day's file follows. */
    public synchronized void remove(LocalDate day, String domain) {
        Map<PolicyRef, PolicyCount> counts = days.get(day);
        if (counts == null) {
            return;
        }
        counts.keySet().removeIf(p -> p.domain().equals(domain));
        if (counts.isEmpty()) {
            days.remove(day);
        }
        save(day);
    }

    private Path file(LocalDate day) {
        return dir.resolve(day + ".json");
    }

    private void save(LocalDate day) {
        Map<PolicyRef, PolicyCount> counts = days.get(day);
        Path file = file(day);
        try {
            if (counts == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            PrivateFiles.writeString(temporary, Json.MAPPER.writeValueAsString(new ArrayList<>(counts.values())));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS-RPT counts " + file, e);
        }
    }

    /** What earlier runs counted; a file that cannot be read is logged and left where it is. */
    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "????-??-??.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    LocalDate day = LocalDate.parse(name.substring(0, name.length() - ".json".length()));
                    Map<PolicyRef, PolicyCount> counts = new LinkedHashMap<>();
                    for (PolicyCount c : Json.MAPPER.readValue(file.toFile(), TYPE)) {
                        counts.put(c.policy(), c);
                    }
                    if (!counts.isEmpty()) {
                        days.put(day, counts);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("TLS-RPT counts {} cannot be read, not reported: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list TLS-RPT counts in " + dir, e);
        }
    }
}
