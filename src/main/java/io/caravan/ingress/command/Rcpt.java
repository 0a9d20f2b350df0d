package io.caravan.ingress.command;

import io.caravan.ingress.policy.RelayPolicy;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;
import io.caravan.ingress.session.SessionHook;
import io.caravan.message.Recipient;
import io.caravan.smtp.Reply;

import io.caravan.smtp.Xtext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RCPT TO: adds a recipient after the relay policy took it. The recipient
 * limits answer 452 4.5.3 (RFC 5321 §4.5.3.1.10): the client sends the rest
 * in another transaction. RFC 3461 NOTIFY and ORCPT are kept with the
 * recipient for later DSNs. Each relay denial logs one {@code relay denied}
 * line.
 */
final class Rcpt implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (session.transaction() == null) {
            session.reply(ServerReplies.NEED_MAIL);
            return;
        }
        PathArgument arg = PathArgument.parse(argument, "TO:");
        if (arg.error() != null) {
            session.reply(ServerReplies.syntax("RCPT TO:<address> (" + arg.error() + ")"));
            return;
        }
        String path = arg.path();
        boolean postmaster = path.equalsIgnoreCase("postmaster");
        if (!postmaster) {
            String problem = AddressSyntax.problem(path);
            if (problem != null) {
                session.reply(ServerReplies.badAddress(problem));
                return;
            }
        }
        if (!session.transaction().smtputf8() && !AddressSyntax.ascii(path)) {
            session.reply(ServerReplies.NON_ASCII_ADDRESS);
            return;
        }
        Set<Recipient.Notify> notify = EnumSet.noneOf(Recipient.Notify.class);
        String orcpt = null;
        for (Map.Entry<String, String> e : arg.params().entrySet()) {
            String value = e.getValue();
            if (e.getKey().equals("NOTIFY")) {
                if (!parseNotify(value, notify)) {
                    session.reply(ServerReplies.syntax("NOTIFY=NEVER or NOTIFY=SUCCESS,FAILURE,DELAY"));
                    return;
                }
            } else if (e.getKey().equals("ORCPT")) {
                int semi = value == null ? -1 : value.indexOf(';');
                if (semi <= 0 || !Xtext.valid(value.substring(semi + 1))) {
                    session.reply(ServerReplies.syntax("ORCPT=addr-type;xtext"));
                    return;
                }
                orcpt = value;
            } else {
                session.reply(ServerReplies.unknownParameter(e.getKey()));
                return;
            }
        }
        RelayPolicy.Verdict verdict = session.server().relayPolicy()
                .decide(path, session.authUser() != null, session.client().getAddress());
        if (verdict == RelayPolicy.Verdict.DENY_BAD_DOMAIN) {
            session.reply(ServerReplies.badAddress("domain is not a valid domain name (IDNA)"));
            return;
        }
        if (!verdict.accepted()) {
            SecurityLog.relayDenied(session.client(), session.transaction().mailFrom(), path);
            session.reply(ServerReplies.RELAY_DENIED);
            return;
        }
        if (session.transaction().recipients().size() >= session.settings().maxRecipientsPerMessage()
                || session.sessionRecipients() >= session.settings().maxRecipientsPerSession()) {
            session.reply(ServerReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        for (SessionHook hook : session.server().hooks()) {
            Reply refusal = hook.onRcpt(session.client(), path);
            if (refusal == null && verdict == RelayPolicy.Verdict.ACCEPT_RELAY) {
                refusal = hook.onRelayRcpt(session.client(), session.authUser(), session.transaction().mailFrom(), path);
            }
            if (refusal != null) {
                session.reply(refusal);
                return;
            }
        }
        Recipient recipient = new Recipient(path, notify, orcpt);
        PolicyCheck.ask(session, "RCPT", session.transaction().mailFrom(), path, () -> {
            session.transaction().addRecipient(recipient);
            session.countRecipient();
            session.reply(ServerReplies.RECIPIENT_OK);
        });
    }

    private static boolean parseNotify(String value, Set<Recipient.Notify> out) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (String item : value.split(",", -1)) {
            try {
                out.add(Recipient.Notify.valueOf(item.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return !(out.contains(Recipient.Notify.NEVER) && out.size() > 1);
    }
}
