package io.caravan.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.caravan.config.ConfigException;
import io.caravan.config.Values;
import io.caravan.config.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code config/feedback.yaml}: the feedback mailboxes, read at start. A missing file means none.
 *
 * <pre>
 * mailboxes:
 *   - name: yahoo-cfl
 *     region: eu                       # optional: only this region's nodes read it
 *     url: imaps://imap.example.net:993
 *     user: fbl@example.org
 *     password-file: secrets/fbl.pass  # or password: ...
 *     folder: INBOX                    # default INBOX
 *     quarantine: Quarantine           # default Quarantine
 *     processed: ""                    # default: delete; or a folder to move to
 *     poll: 60s                        # default 60s
 *     ca-file: certs/imap-ca.pem       # imaps/pop3s: the only CA certificates trusted; default the JVM's
 * </pre>
 */
public record FeedbackConfig(List<Mailbox> mailboxes) {

    private static final Set<String> SCHEMES = Set.of("imaps", "imap", "pop3s", "pop3");

    public static FeedbackConfig load(Path file, Path configDir) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new FeedbackConfig(List.of());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e);
        }
        try {
            JsonNode root = Yaml.parse(text).root();
            List<Mailbox> out = new ArrayList<>();
            int i = 0;
            for (JsonNode m : root == null ? MissingNode.getInstance() : root.path("mailboxes")) {
                out.add(mailbox(m, i++, configDir));
            }
            return new FeedbackConfig(List.copyOf(out));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** The mailboxes a node of {@code region} reads. */
    public List<Mailbox> forRegion(String region) {
        return mailboxes.stream().filter(m -> m.region() == null || m.region().equals(region)).toList();
    }

    private static Mailbox mailbox(JsonNode m, int i, Path configDir) throws IOException {
        String name = need(m, "name", i);
        String url = need(m, "url", i);
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("mailboxes[" + i + "] url must start with imaps://, imap://, pop3s:// or "
                    + "pop3://, not '" + url + "'");
        }
        String password;
        if (m.hasNonNull("password-file")) {
            password = Files.readString(configDir.resolve(m.get("password-file").asText()), StandardCharsets.UTF_8).strip();
        } else {
            password = need(m, "password", i);
        }
        javax.net.ssl.X509TrustManager trust = null;
        if (m.hasNonNull("ca-file")) {
            if (!scheme.endsWith("s")) {
                throw new IllegalArgumentException("mailboxes[" + i + "] ca-file is for imaps:// and pop3s:// only");
            }
            trust = MailboxTrust.load(configDir.resolve(m.get("ca-file").asText().strip()));
        }
        return new Mailbox(name, m.hasNonNull("region") ? m.get("region").asText() : null, url, need(m, "user", i),
                password, text(m, "folder", "INBOX"), text(m, "quarantine", "Quarantine"), text(m, "processed", ""),
                Values.duration(text(m, "poll", "60s")), trust);
    }

    private static String need(JsonNode m, String field, int i) {
        String v = text(m, field, "");
        if (v.isEmpty()) {
            throw new IllegalArgumentException("mailboxes[" + i + "] has no " + field);
        }
        return v;
    }

    private static String text(JsonNode m, String field, String fallback) {
        return m.hasNonNull(field) ? m.get(field).asText().strip() : fallback;
    }
}
