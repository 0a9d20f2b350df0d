package io.caravan.egress.smtp;

import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;
import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One mail transaction (MAIL, RCPT..., DATA, content) over a session that has been greeted.
 *
 * <p>Outcome rules: a RCPT reply decides that recipient when it is a refusal; a refusal of MAIL,
 * of DATA or of the content applies to every recipient still open; when the session breaks (timeout,
 * lost connection) every open recipient gets that temporary failure. With PIPELINING the whole
 * envelope goes out in one flush (RFC 2920) and the content only after a 354.
 *
 * <p>On a reused session with PIPELINING the RSET that checks the session heads that same group. If it
 * is not answered with 2xx, the transaction ends with {@link StaleSession} before any content is sent,
 * and the client starts over on a new session.
 */
final class Transaction {

    private final SmtpConnection connection;
    private final Envelope envelope;
    private final List<Recipient> recipients;
    private final MessageBody message;
    private final Reply[] replies;
    private final Phase[] phases;
    private final boolean[] remote;
    private final boolean reset;
    private CompletableFuture<Reply> pipelinedReset;
    private CompletableFuture<Reply> pipelinedMail;
    private List<CompletableFuture<Reply>> pipelinedRcpts = List.of();
    /** A 421 ends the session (RFC 5321 §3.8); its text, not "connection lost", is what applies. */
    private Reply closing;
    private Phase closingPhase;

    /** @param reset whether the group starts with RSET (a reused session; only with PIPELINING) */
    Transaction(SmtpConnection connection, Envelope envelope, MessageBody message, boolean reset) {
        this.connection = connection;
        this.reset = reset;
        this.envelope = envelope;
        this.recipients = envelope.recipients();
        this.message = message;
        this.replies = new Reply[recipients.size()];
        this.phases = new Phase[recipients.size()];
        this.remote = new boolean[recipients.size()];
    }

    CompletableFuture<List<RecipientOutcome>> run() {
        Capabilities caps = connection.capabilities;
        Reply refusal = localRefusal(caps);
        if (refusal != null) {
            decideOpen(refusal, Phase.MAIL, false);
            return CompletableFuture.completedFuture(outcomes());
        }
        CompletableFuture<Void> done = caps.pipelining() ? pipelined() : stepwise();
        return done.handle((ok, error) -> {
            if (reset && !resetAccepted()) {
                throw new StaleSession();
            }
            if (error != null) {
                harvestPipelined();
                if (closing != null) {
                    decideOpen(closing, closingPhase, true);
                }
                SessionFailure failure = SessionFailure.unwrap(error);
                Reply reply = failure != null ? failure.reply
                        : Replies.local(451, "4.3.0", "delivery failed: " + Replies.describe(error));
                decideOpen(reply, failure != null ? failure.phase : Phase.MAIL, failure != null && failure.remote);
            }
            connection.deliveries++;
            return outcomes();
        });
    }

    private CompletableFuture<Void> pipelined() {
        if (reset) {
            pipelinedReset = connection.send(SmtpRequests.rset(), Phase.RSET);
        }
        CompletableFuture<Reply> mail = connection.send(mailRequest(), Phase.MAIL);
        List<CompletableFuture<Reply>> rcpts = new ArrayList<>();
        for (Recipient r : recipients) {
            rcpts.add(connection.send(rcptRequest(r), Phase.RCPT));
        }
        pipelinedMail = mail;
        pipelinedRcpts = rcpts;
        CompletableFuture<Reply> data = connection.send(SmtpRequests.data(), Phase.DATA);
        connection.flush();
        return data.thenCompose(dataReply -> {
            if (reset && !resetAccepted()) {
                connection.close(); // no content went out: the message is untouched
                return CompletableFuture.completedFuture(null);
            }
            Reply mailReply = mail.join();
            if (!mailReply.positive()) {
                decideOpen(mailReply, Phase.MAIL, true);
                return abandonData(dataReply);
            }
            for (int i = 0; i < rcpts.size(); i++) {
                Reply r = rcpts.get(i).join();
                if (!r.positive()) {
                    decide(i, r, Phase.RCPT, true);
                }
            }
            if (noneOpen()) {
                return abandonData(dataReply);
            }
            if (dataReply.code() != 354) {
                decideOpen(dataReply, Phase.DATA, true);
                return abandonData(dataReply);
            }
            return sendContent();
        });
    }

    private CompletableFuture<Void> stepwise() {
        return connection.command(mailRequest(), Phase.MAIL).thenCompose(mailReply -> {
            if (!mailReply.positive()) {
                decideOpen(mailReply, Phase.MAIL, true);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < recipients.size(); i++) {
                int index = i;
                chain = chain.thenCompose(v -> connection.command(rcptRequest(recipients.get(index)), Phase.RCPT))
                        .thenAccept(r -> {
                            if (!r.positive()) {
                                decide(index, r, Phase.RCPT, true);
                            }
                        });
            }
            return chain.thenCompose(v -> {
                if (noneOpen()) {
                    return CompletableFuture.completedFuture(null);
                }
                return connection.command(SmtpRequests.data(), Phase.DATA).thenCompose(dataReply -> {
                    if (dataReply.code() != 354) {
                        decideOpen(dataReply, Phase.DATA, true);
                        connection.resetEncoder();
                        return CompletableFuture.completedFuture(null);
                    }
                    return sendContent();
                });
            });
        });
    }

    private CompletableFuture<Void> sendContent() {
        if (message instanceof MessageBody.Bytes bytes) {
            byte[] wire = DotStuffing.stuff(bytes.bytes());
            return connection.content(new DefaultLastSmtpContent(Unpooled.wrappedBuffer(wire)))
                    .thenAccept(end -> decideOpen(end, Phase.END_OF_DATA, true));
        }
        // a spooled body is read from its file and dot-stuffed 64 KiB at a time, as the socket takes it
        return connection.streamContent(new StuffedChunks(message))
                .thenAccept(end -> decideOpen(end, Phase.END_OF_DATA, true));
    }

    /**
     * A pipelined DATA that nobody should have sent content for: after a refusal the codec is
     * reset; after a 354 (a server that ignores the refusals) an empty message is ended with "."
     * and its reply ignored, as RFC 2920 §3.1 asks.
     */
    private CompletableFuture<Void> abandonData(Reply dataReply) {
        if (dataReply.code() == 354) {
            return connection.content(new DefaultLastSmtpContent(Unpooled.EMPTY_BUFFER)).thenAccept(r -> { });
        }
        connection.resetEncoder();
        return CompletableFuture.completedFuture(null);
    }

    private boolean resetAccepted() {
        CompletableFuture<Reply> r = pipelinedReset;
        return r != null && r.isDone() && !r.isCompletedExceptionally() && r.join().positive();
    }

    /** After a pipelined session broke: keep the replies that did arrive before it did. */
    private void harvestPipelined() {
        if (pipelinedMail == null) {
            return;
        }
        Reply mail = pipelinedMail.isDone() && !pipelinedMail.isCompletedExceptionally() ? pipelinedMail.join() : null;
        if (mail != null && !mail.positive()) {
            decideOpen(mail, Phase.MAIL, true);
            return;
        }
        for (int i = 0; i < pipelinedRcpts.size(); i++) {
            CompletableFuture<Reply> f = pipelinedRcpts.get(i);
            if (f.isDone() && !f.isCompletedExceptionally() && !f.join().positive()) {
                decide(i, f.join(), Phase.RCPT, true);
            }
        }
    }

    private Reply localRefusal(Capabilities caps) {
        if (envelope.smtputf8() && !caps.smtpUtf8() && !asciiEnvelope()) {
            return Replies.local(553, "5.6.7", "the next hop does not offer SMTPUTF8, needed for this envelope");
        }
        long limit = caps.sizeLimit();
        if (limit > 0 && message.size() > limit) {
            return Replies.local(552, "5.3.4", "message of " + message.size()
                    + " bytes exceeds the next hop's limit of " + limit);
        }
        return null;
    }

    private boolean asciiEnvelope() {
        if (!isAscii(envelope.mailFrom())) {
            return false;
        }
        return recipients.stream().allMatch(r -> isAscii(r.address()));
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private SmtpRequest mailRequest() {
        Capabilities caps = connection.capabilities;
        List<CharSequence> params = new ArrayList<>();
        params.add(raw("FROM:<" + envelope.mailFrom() + ">"));
        if (caps.size()) {
            params.add("SIZE=" + message.size());
        }
        if (caps.eightBitMime() && message.eightBit()) {
            params.add("BODY=8BITMIME");
        }
        if (envelope.smtputf8() && caps.smtpUtf8()) {
            params.add("SMTPUTF8");
        }
        if (envelope.requireTls() && caps.has("REQUIRETLS")) {
            params.add("REQUIRETLS"); // the next hop takes on the same duty (RFC 8689 §4.2.1)
        }
        if (caps.dsn()) {
            if (envelope.ret() != null) {
                params.add("RET=" + envelope.ret().toUpperCase(Locale.ROOT));
            }
            if (envelope.envid() != null) {
                params.add(raw("ENVID=" + envelope.envid()));
            }
        }
        return new DefaultSmtpRequest(SmtpCommand.MAIL, params.toArray(CharSequence[]::new));
    }

    private SmtpRequest rcptRequest(Recipient recipient) {
        List<CharSequence> params = new ArrayList<>();
        params.add(raw("TO:<" + recipient.address() + ">"));
        if (connection.capabilities.dsn()) {
            if (!recipient.notifyOn().isEmpty()) {
                params.add("NOTIFY=" + recipient.notifyOn().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(",")));
            }
            if (recipient.orcpt() != null) {
                params.add(raw("ORCPT=" + recipient.orcpt()));
            }
        }
        return new DefaultSmtpRequest(SmtpCommand.RCPT, params.toArray(CharSequence[]::new));
    }

    /** The codec writes parameters byte by byte; UTF-8 (SMTPUTF8) addresses go as their bytes. */
    private static CharSequence raw(String text) {
        return new AsciiString(text.getBytes(StandardCharsets.UTF_8), false);
    }

    private void decide(int i, Reply reply, Phase phase, boolean fromRemote) {
        if (reply.code() == 421 && fromRemote && closing == null) {
            closing = reply;
            closingPhase = phase;
        }
        if (replies[i] == null) {
            replies[i] = reply;
            phases[i] = phase;
            remote[i] = fromRemote;
        }
    }

    private void decideOpen(Reply reply, Phase phase, boolean fromRemote) {
        for (int i = 0; i < replies.length; i++) {
            decide(i, reply, phase, fromRemote);
        }
    }

    private boolean noneOpen() {
        for (Reply r : replies) {
            if (r == null) {
                return false;
            }
        }
        return true;
    }

    private List<RecipientOutcome> outcomes() {
        List<RecipientOutcome> out = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            out.add(new RecipientOutcome(recipients.get(i), replies[i], phases[i], remote[i]));
        }
        return out;
    }
}
