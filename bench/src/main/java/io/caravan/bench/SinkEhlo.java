package io.caravan.bench;

import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

import java.io.IOException;

/**
 * The sink's EHLO. It offers PIPELINING (RFC 2920), as the large receiving providers do, and the
 * capabilities SubEthaSMTP offers by itself here: 8BITMIME, SMTPUTF8 and CHUNKING, with no size
 * limit, TLS or AUTH configured. SubEthaSMTP reads each command from a buffered stream and answers in
 * order, so it serves a pipelined client without further change; it only never says so.
 */
final class SinkEhlo extends BaseCommand {

    SinkEhlo() {
        super("EHLO", "Introduce yourself.", "<hostname>");
    }

    @Override
    public void execute(String commandString, Session session) throws IOException {
        String[] args = getArgs(commandString);
        if (args.length < 2) {
            session.sendResponse("501 Syntax: EHLO hostname");
            return;
        }
        session.resetMailTransaction();
        session.setHelo(args[1]);
        session.sendResponse("250-" + session.getServer().getHostName()
                + "\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250 Ok");
    }
}
