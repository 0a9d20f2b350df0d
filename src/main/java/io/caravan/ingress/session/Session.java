package io.caravan.ingress.session;

import io.caravan.ingress.auth.AuthOutcome;
import io.caravan.ingress.protocol.ChunkSink;
import io.caravan.ingress.protocol.InboundEvent;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.smtp.Reply;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * What a command may see and do in one SMTP session. Commands are small
 * classes that read the state, reply, and move the session along; the
 * network side (Netty, TLS, timers) stays behind this interface.
 */
public interface Session {

    SmtpServerSettings settings();

    ServerContext server();

    InetSocketAddress client();

    /** The EHLO/HELO name, or null before the client introduced itself. */
    String helo();

    boolean esmtp();

    void greeted(String helo, boolean esmtp);

    /** Whether TLS is active on the connection. */
    boolean tls();

    /** Whether STARTTLS can be offered (TLS configured and not yet active). */
    boolean tlsAvailable();

    String authUser();

    void authenticated(String user);

    /** The current transaction, or null between transactions. */
    InboundTransaction transaction();

    void begin(InboundTransaction transaction);

    /** Ends the current transaction, if any (RSET, EHLO, after the end of data), deleting a spool file it still holds. */
    void resetTransaction();

    /** Recipients accepted so far in the whole session. */
    int sessionRecipients();

    void countRecipient();

    /** Sends a reply; 5xx replies count as errors and may tarpit or end the session. */
    void reply(Reply reply);

    /** Sends a reply, then closes the connection. */
    void replyAndClose(Reply reply);

    /** Sends the 220 for STARTTLS and starts the TLS handshake, discarding buffered plaintext. */
    void startTls();

    /** The next command line goes to {@code handler} instead of the command table (AUTH exchanges). */
    void continueWith(Consumer<String> handler);

    /** Reads a DATA body next; {@code handler} gets its end. */
    void expectData(Consumer<InboundEvent.DataEnd> handler);

    /** Reads a BDAT chunk of {@code size} octets next, its octets going to {@code sink} as they arrive (null skips them). */
    void expectChunk(long size, ChunkSink sink, Consumer<InboundEvent.ChunkEnd> handler);

    /** Checks credentials off the event loop; input is held until {@code result} has run. */
    void authenticate(String user, String password, Consumer<AuthOutcome> result);

    /**
     * Waits for a policy answer without holding the event loop: input is held until {@code then} has run
     * on the loop with the answer (null: the command goes on). An answer that fails or comes later than
     * the command timeout is answered 451 4.3.0 here, without {@code then}; a session that ended
     * meanwhile runs nothing.
     */
    void awaitPolicy(java.util.concurrent.CompletionStage<Reply> answer, Consumer<Reply> then);

    /** To be called once the final reply of a transaction is out: a pending graceful stop proceeds then. */
    void transactionDone();

    /** Stores the complete message of the current transaction and answers with late acknowledgement. */
    void deliver(io.caravan.message.MessageBody body);
}
