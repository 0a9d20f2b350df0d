package io.caravan.ingress.command;

import io.caravan.ingress.session.Session;
import io.caravan.smtp.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * EHLO: names the client, ends any transaction (RFC 5321 §4.1.4) and lists
 * the extensions. STARTTLS is offered only before TLS; AUTH only after it,
 * so passwords never cross the wire in clear. REQUIRETLS (RFC 8689) only after
 * it too, as the RFC says, and only on the submission listener, where the
 * sender's own client can ask for it.
 */
final class Ehlo implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (argument.isEmpty() || argument.contains(" ")) {
            session.reply(io.caravan.ingress.protocol.ServerReplies.syntax("EHLO hostname"));
            return;
        }
        session.resetTransaction();
        session.greeted(argument, true);
        List<String> lines = new ArrayList<>();
        lines.add(session.settings().hostname() + " Hello " + argument);
        lines.add("PIPELINING");
        lines.add("SIZE " + session.settings().maxMessageSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        lines.add("CHUNKING");
        if (session.tlsAvailable()) {
            lines.add("STARTTLS");
        }
        if (session.tls() && session.authUser() == null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        if (Mail.requireTlsOffered(session)) {
            lines.add("REQUIRETLS");
        }
        session.reply(new Reply(250, null, lines));
    }
}
