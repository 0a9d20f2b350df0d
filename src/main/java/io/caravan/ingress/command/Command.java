package io.caravan.ingress.command;

import io.caravan.ingress.session.Session;

/** One SMTP verb: checks its preconditions and arguments, then replies and moves the session on. */
public interface Command {

    /** @param argument the text after the verb, trimmed; empty when none */
    void execute(Session session, String argument);
}
