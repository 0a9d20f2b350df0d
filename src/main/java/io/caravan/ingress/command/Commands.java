package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;

import java.util.Locale;
import java.util.Map;

/**
 * The verb table. Verbs are case-insensitive (RFC 5321 §2.4); anything not
 * here, including EXPN and TURN, is an unknown command (500 5.5.2).
 */
public final class Commands {

    private static final Map<String, Command> VERBS = Map.ofEntries(
            Map.entry("EHLO", new Ehlo()),
            Map.entry("HELO", new Helo()),
            Map.entry("MAIL", new Mail()),
            Map.entry("RCPT", new Rcpt()),
            Map.entry("DATA", new Data()),
            Map.entry("BDAT", new Bdat()),
            Map.entry("RSET", new Rset()),
            Map.entry("NOOP", (s, a) -> s.reply(ServerReplies.OK)),
            Map.entry("QUIT", (s, a) -> s.replyAndClose(ServerReplies.BYE)),
            Map.entry("VRFY", new Vrfy()),
            Map.entry("HELP", (s, a) -> s.reply(ServerReplies.HELP)),
            Map.entry("STARTTLS", new StartTls()),
            Map.entry("AUTH", new Auth()));

    private Commands() {
    }

    public static void dispatch(Session session, String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).trim();
        Command command = VERBS.get(verb);
        if (command == null) {
            session.reply(ServerReplies.UNKNOWN_COMMAND);
        } else {
            command.execute(session, argument);
        }
    }
}
