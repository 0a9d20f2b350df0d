package io.caravan.feedback;

import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;

/**
 * One feedback mailbox, from feedback.yaml: where complaint reports and asynchronous bounces arrive.
 *
 * @param name       for logs and metrics
 * @param region     the region whose nodes read it; null: every region
 * @param url        {@code imaps://host[:port]}, {@code imap://...}, {@code pop3s://...} or {@code pop3://...}
 * @param folder     the folder read (IMAP; POP3 has only INBOX)
 * @param quarantine the IMAP folder malformed reports are moved to (created when missing); for POP3 they are
 *                   kept in the data directory instead (data/feedback-quarantine/NAME/)
 * @param processed  the IMAP folder a processed report is moved to; empty: it is deleted
 * @param trust      for imaps and pop3s: the only anchors the server's certificate is checked against (the
 *                   {@code ca-file} of feedback.yaml); null: the JVM's default trust store
 */
public record Mailbox(String name, String region, String url, String user, String password, String folder,
                      String quarantine, String processed, Duration poll, X509TrustManager trust) {

    public Mailbox(String name, String region, String url, String user, String password, String folder,
                   String quarantine, String processed, Duration poll) {
        this(name, region, url, user, password, folder, quarantine, processed, poll, null);
    }

    /** The name of the Camel registry entry holding this mailbox's TLS settings, when it has a {@code ca-file}. */
    public String trustBean() {
        return "caravanFeedbackTrust-" + name;
    }

    public boolean pop3() {
        return url.toLowerCase(Locale.ROOT).startsWith("pop3");
    }

    /** The Camel Mail consumer endpoint. */
    public String endpoint() {
        StringBuilder b = new StringBuilder(url);
        b.append(url.contains("?") ? "&" : "?");
        b.append("username=RAW(").append(user).append(")&password=RAW(").append(password).append(")");
        b.append("&delay=").append(poll.toMillis()).append("&initialDelay=1000");
        // a failed exchange leaves the message where it is, to be read again: never skip or mark it handled
        b.append("&skipFailedMessage=false&handleFailedMessage=false&mapMailMessage=false&fetchSize=100");
        if (trust != null) {
            b.append("&sslContextParameters=#").append(trustBean());
        }
        if (!pop3()) {
            b.append("&folderName=").append(folder).append("&unseen=true");
        }
        if (pop3() || processed == null || processed.isEmpty()) {
            b.append("&delete=true");
        } else {
            b.append("&moveTo=").append(processed);
        }
        return b.toString();
    }
}
