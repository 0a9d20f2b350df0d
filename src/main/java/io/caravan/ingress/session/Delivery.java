package io.caravan.ingress.session;

import io.caravan.ingress.policy.PrivilegedHeaders;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.maillog.MailLog;
import io.caravan.maillog.MailLogLines;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.smtp.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Late acknowledgement: gives the finished message its queue id and
 * Received header (after cutting out the {@link PrivilegedHeaders} a
 * stranger set), hands it to the sink, and answers only when the sink's
 * stage completes: {@code 250 queued as} when the message is safe,
 * {@code 451 4.3.0} otherwise, so a failure never loses a message the client
 * believes delivered. The event loop never waits: input is held until the
 * answer is out, then the session goes on with the next pipelined command.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final SmtpSession session;
    private final ServerContext server;
    private boolean storing;

    Delivery(SmtpSession session, ServerContext server) {
        this.session = session;
        this.server = server;
    }

    boolean storing() {
        return storing;
    }

    void deliver(MessageBody data) {
        InboundTransaction t = session.transaction();
        InetSocketAddress client = session.client();
        boolean privileged = session.authUser() != null || server.relayPolicy().trusted(client.getAddress());
        MessageBody body;
        try {
            body = new PrivilegedHeaders(server.settings().privilegedHeaders()).apply(data, privileged);
        } catch (IOException e) {
            LOG.warn("cannot read the spooled message's header section: {}", e.getMessage());
            data.delete();
            session.resetTransaction();
            session.reply(ServerReplies.NO_STORAGE);
            session.transactionDone();
            return;
        }
        String ip = client.getAddress().getHostAddress();
        String id = server.queueIds().next();
        Instant now = server.clock().instant();
        Envelope envelope = new Envelope(id, t.mailFrom(), t.recipients(), t.ret(), t.envid(), t.smtputf8(),
                session.authUser(), ip, session.helo(), now, t.requireTls());
        for (SessionHook hook : server.hooks()) {
            Reply refusal = hook.onMessage(client, envelope, body.size());
            if (refusal != null) {
                body.delete();
                session.resetTransaction();
                session.reply(refusal);
                session.transactionDone();
                return;
            }
        }
        String received = ReceivedHeader.build(session.helo(), ip, server.settings().hostname(), session.esmtp(),
                session.tlsProtocol(), session.tlsCipher(), session.authUser() != null, id,
                t.recipients().size() == 1 ? t.recipients().get(0).address() : null,
                now.atZone(server.clock().getZone()));
        byte[] header = received.getBytes(StandardCharsets.UTF_8);
        MessageBody content;
        if (body instanceof MessageBody.Bytes bytes) {
            byte[] joined = new byte[header.length + bytes.bytes().length];
            System.arraycopy(header, 0, joined, 0, header.length);
            System.arraycopy(bytes.bytes(), 0, joined, header.length, bytes.bytes().length);
            content = new MessageBody.Bytes(joined);
        } else {
            MessageBody.Spooled s = (MessageBody.Spooled) body;
            content = new MessageBody.Spooled(header, s.file(), s.offset(), s.length(), s.eightBit());
        }

        storing = true;
        session.holdInput();
        CompletionStage<Void> stored;
        try {
            stored = server.sink().store(envelope, content);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ok, failure) -> session.channel().eventLoop().execute(() -> {
            storing = false;
            session.resetTransaction();
            if (failure == null) {
                MailLog.line(MailLogLines.accepted(id, t.mailFrom(), content.size(), envelope.recipients().size(),
                        ip, session.helo(), session.authUser(), server.settings().name(),
                        session.tlsProtocol() == null ? "none" : session.tlsProtocol() + "/" + session.tlsCipher()));
                server.observer().accepted();
                session.reply(ServerReplies.queued(id));
            } else {
                LOG.warn("{} from {} not stored: {}", id, ip, failure.toString());
                session.reply(ServerReplies.STORE_FAILED);
            }
            session.transactionDone();
            session.releaseInput();
        }));
    }
}
