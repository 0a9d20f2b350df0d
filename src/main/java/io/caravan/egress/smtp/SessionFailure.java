package io.caravan.egress.smtp;

import io.caravan.smtp.Reply;

/**
 * A session ended before the transaction did: the reply that applies to every recipient still
 * unfinished, and whether it should make the client try the next MX host.
 */
final class SessionFailure extends RuntimeException {

    final Phase phase;
    final Reply reply;
    final boolean remote;
    /** True for failures that say nothing about the message: the next MX host may do better. */
    final boolean tryNextHost;
    /** True when a DNSSEC-validated answer this session needed (TLSA) could not be had. */
    boolean dnssecBogus;

    SessionFailure(Phase phase, Reply reply, boolean remote) {
        super(phase + ": " + reply.text(), null, false, false);
        this.phase = phase;
        this.reply = reply;
        this.remote = remote;
        this.tryNextHost = phase.ordinal() <= Phase.TLS.ordinal();
    }

    SessionFailure dnssecBogus() {
        dnssecBogus = true;
        return this;
    }

    static SessionFailure unwrap(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof SessionFailure f) {
                return f;
            }
            c = c.getCause();
        }
        return null;
    }
}
