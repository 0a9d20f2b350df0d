package io.caravan.feedback;

import jakarta.mail.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Camel Mail consumer per feedback mailbox of this node's region. Each message is parsed and acted on
 * in the exchange; Camel deletes it (or moves it to the processed folder) only when the exchange completes,
 * that is after its suppressions are stored. A message that is no readable report is moved to the quarantine
 * folder (POP3: saved under the data directory, then deleted), counted and logged; the consumer goes on. One
 * that fails otherwise (the broker cannot store a suppression) stays in the mailbox for the next poll.
 */
public final class FeedbackRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackProcessor.LOGGER);

    private final List<Mailbox> mailboxes;
    private final FeedbackProcessor processor;
    private final FeedbackProcessor.Observer observer;
    private final Path quarantineDir;
    private final RefKeys keys;

    public FeedbackRoutes(List<Mailbox> mailboxes, FeedbackProcessor processor, FeedbackProcessor.Observer observer,
                          Path dataDir, RefKeys keys) {
        this.keys = keys;
        this.mailboxes = mailboxes;
        this.processor = processor;
        this.observer = observer;
        this.quarantineDir = dataDir.resolve("feedback-quarantine");
    }

    @Override
    public void configure() {
        for (Mailbox m : mailboxes) {
            if (m.trust() != null) {
                getContext().getRegistry().bind(m.trustBean(), MailboxTrust.parameters(m.trust()));
            }
            from(m.endpoint()).routeId("feedback-" + m.name())
                    .process(exchange -> handle(exchange, m));
        }
    }

    private void handle(Exchange exchange, Mailbox mailbox) throws Exception {
        byte[] raw = raw(exchange);
        FeedbackReport report;
        try {
            report = ReportParser.parse(raw, keys);
        } catch (MalformedReport e) {
            quarantine(exchange, mailbox, raw, e.getMessage());
            return;
        }
        processor.apply(report, mailbox.name());
    }

    private void quarantine(Exchange exchange, Mailbox mailbox, byte[] raw, String why) throws IOException {
        observer.malformed(mailbox.name());
        if (mailbox.pop3()) {
            Path dir = quarantineDir.resolve(mailbox.name());
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "report-", ".eml");
            Files.write(file, raw);
            LOG.warn("mailbox={} malformed report saved to {}: {}", mailbox.name(), file, why);
        } else {
            exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, mailbox.quarantine());
            LOG.warn("mailbox={} malformed report moved to folder {}: {}", mailbox.name(), mailbox.quarantine(), why);
        }
    }

    private static byte[] raw(Exchange exchange) throws Exception {
        Message mail = exchange.getIn(MailMessage.class).getOriginalMessage();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toByteArray();
    }
}
