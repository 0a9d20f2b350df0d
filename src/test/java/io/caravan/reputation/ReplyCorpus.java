package io.caravan.reputation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reply corpus of src/test/resources/replies (its README says what a file holds), and the hold-out
 * draw: a reply is held out when the first four bytes of SHA-256("{@value #SEED}:" + id), as an unsigned
 * number, are 0 modulo 5. The draw depends on the id alone, so adding replies never moves an old one in
 * or out.
 */
final class ReplyCorpus {

    static final Path DIR = Path.of("src/test/resources/replies");
    static final String SEED = "caravan-replies-2026-12-07";

    /** One reply of the corpus with what should follow it. */
    record Entry(String id, String receiver, String mx, String source, String scope, String action, String wire,
                 boolean heldOut) {

        int code() {
            return Integer.parseInt(wire.substring(0, 3));
        }
    }

    private ReplyCorpus() {
    }

    static List<Entry> load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root = yaml.readTree(f.toFile());
                String receiver = root.path("receiver").asText();
                String mx = root.path("mx").asText();
                for (JsonNode r : root.path("replies")) {
                    String id = r.path("id").asText();
                    out.add(new Entry(id, receiver, r.path("mx").asText(mx), r.path("source").asText(),
                            r.path("scope").asText(), r.path("action").asText(), r.path("reply").asText().strip(),
                            heldOut(id)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static boolean heldOut(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((SEED + ":" + id).getBytes(StandardCharsets.UTF_8));
            long n = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return n % 5 == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids holdout.txt lists. */
    static List<String> holdoutFile() {
        try {
            return Files.readAllLines(DIR.resolve("holdout.txt")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
