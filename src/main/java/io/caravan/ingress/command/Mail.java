package io.caravan.ingress.command;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.policy.Role;
import io.caravan.ingress.session.SessionHook;
import io.caravan.ingress.session.Session;
import io.caravan.ingress.session.InboundTransaction;
import io.caravan.smtp.Reply;

import io.caravan.smtp.Xtext;
import java.util.Locale;
import java.util.Map;

/**
 * MAIL FROM: starts a transaction. Requires a greeting and, where the
 * listener demands it (submission), authentication. Parameters: SIZE
 * (RFC 1870, refused early when over the limit), BODY=7BIT/8BITMIME,
 * SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461), AUTH (RFC 4954, accepted
 * and ignored), REQUIRETLS (RFC 8689, where EHLO offered it: submission after
 * STARTTLS); anything else is refused with 555 5.5.4. A source route on
 * the reverse path is dropped (RFC 5321 Appendix C).
 */
final class Mail implements Command {

    @Override
    public void execute(Session session, String argument) {
        if (session.helo() == null) {
            session.reply(ServerReplies.NEED_HELO);
            return;
        }
        if (session.transaction() != null) {
            session.reply(ServerReplies.NESTED_MAIL);
            return;
        }
        if (session.settings().authRequired() && session.authUser() == null) {
            session.reply(ServerReplies.AUTH_REQUIRED);
            return;
        }
        PathArgument arg = PathArgument.parse(argument, "FROM:");
        if (arg.error() != null) {
            session.reply(ServerReplies.syntax("MAIL FROM:<address> (" + arg.error() + ")"));
            return;
        }
        String path = arg.path();
        if (path.startsWith("@") && path.indexOf(':') > 0) {
            path = path.substring(path.indexOf(':') + 1);
        }
        if (!path.isEmpty()) {
            String problem = AddressSyntax.problem(path);
            if (problem != null) {
                session.reply(ServerReplies.badAddress(problem));
                return;
            }
        }
        Map<String, String> p = arg.params();
        boolean smtputf8 = p.containsKey("SMTPUTF8");
        if (smtputf8 && p.get("SMTPUTF8") != null) {
            session.reply(ServerReplies.syntax("SMTPUTF8 takes no value"));
            return;
        }
        if (!smtputf8 && !AddressSyntax.ascii(path)) {
            session.reply(ServerReplies.NON_ASCII_ADDRESS);
            return;
        }
        Reply refusal = checkParams(session, p);
        if (refusal != null) {
            session.reply(refusal);
            return;
        }
        for (SessionHook hook : session.server().hooks()) {
            Reply hookReply = hook.onMail(session.client(), path);
            if (hookReply != null) {
                session.reply(hookReply);
                return;
            }
        }
        String ret = p.get("RET") == null ? null : p.get("RET").toUpperCase(Locale.ROOT);
        InboundTransaction transaction = new InboundTransaction(path, ret, p.get("ENVID"), smtputf8,
                p.containsKey("REQUIRETLS"));
        PolicyCheck.ask(session, "MAIL", path, null, () -> {
            session.begin(transaction);
            session.reply(ServerReplies.SENDER_OK);
        });
    }

    /** Whether this session may ask for REQUIRETLS: a submission session over TLS. */
    static boolean requireTlsOffered(Session session) {
        return session.tls() && session.settings().role() == Role.SUBMISSION;
    }

    private static Reply checkParams(Session session, Map<String, String> params) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case "SIZE" -> {
                    if (value == null || !value.matches("[0-9]{1,20}")) {
                        return ServerReplies.syntax("SIZE=<octets>");
                    }
                    if (value.length() > 18 || Long.parseLong(value) > session.settings().maxMessageSize()) {
                        return ServerReplies.TOO_BIG;
                    }
                }
                case "BODY" -> {
                    if (value == null || !(value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME"))) {
                        return ServerReplies.unknownParameter("BODY=" + value);
                    }
                }
                case "RET" -> {
                    if (value == null || !(value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS"))) {
                        return ServerReplies.syntax("RET=FULL|HDRS");
                    }
                }
                case "ENVID" -> {
                    if (value == null || value.isEmpty() || value.length() > 100 || !Xtext.valid(value)) {
                        return ServerReplies.syntax("ENVID=<xtext, at most 100 characters>");
                    }
                }
                case "SMTPUTF8", "AUTH" -> {
                }
                case "REQUIRETLS" -> {
                    if (!requireTlsOffered(session)) {
                        return ServerReplies.unknownParameter(e.getKey());
                    }
                    if (value != null) {
                        return ServerReplies.syntax("REQUIRETLS takes no value");
                    }
                }
                default -> {
                    return ServerReplies.unknownParameter(e.getKey());
                }
            }
        }
        return null;
    }
}
