package io.caravan.ingress.command;

import io.caravan.ingress.auth.AuthOutcome;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.Session;
import io.caravan.smtp.Reply;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * AUTH PLAIN and LOGIN (RFC 4954, RFC 4616). Both send the password in
 * clear inside base64, so they are refused without TLS (538 5.7.11). One
 * successful AUTH per session, never inside a transaction. A client may
 * cancel with {@code *}. The password check runs off the event loop.
 * Every refused set of credentials (535, or 454 for a lockout or a full
 * queue) logs one {@code AUTH failed} line.
 */
final class Auth implements Command {

    private static final Reply USERNAME = Reply.of(334, null, b64("Username:"));
    private static final Reply PASSWORD = Reply.of(334, null, b64("Password:"));
    private static final Reply EMPTY_CHALLENGE = Reply.of(334, null, "");

    @Override
    public void execute(Session session, String argument) {
        if (session.helo() == null) {
            session.reply(ServerReplies.NEED_HELO);
            return;
        }
        if (session.authUser() != null) {
            session.reply(ServerReplies.ALREADY_AUTH);
            return;
        }
        if (session.transaction() != null) {
            session.reply(ServerReplies.BAD_SEQUENCE);
            return;
        }
        if (!session.tls()) {
            session.reply(ServerReplies.ENCRYPTION_REQUIRED);
            return;
        }
        String[] parts = argument.split(" +");
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1] : null;
        switch (mechanism) {
            case "PLAIN" -> {
                if (initial != null) {
                    plain(session, initial);
                } else {
                    session.continueWith(line -> plain(session, line));
                    session.reply(EMPTY_CHALLENGE);
                }
            }
            case "LOGIN" -> {
                if (initial != null) {
                    loginUser(session, initial);
                } else {
                    session.continueWith(line -> loginUser(session, line));
                    session.reply(USERNAME);
                }
            }
            default -> session.reply(argument.isEmpty() ? ServerReplies.syntax("AUTH mechanism") : ServerReplies.UNKNOWN_MECHANISM);
        }
    }

    /** PLAIN: authzid NUL authcid NUL password; an authzid other than the user is not allowed. */
    private static void plain(Session session, String line) {
        decode(session, line.equals("=") ? "" : line, text -> {
            String[] f = text.split("\0", -1);
            if (f.length != 3 || f[1].isEmpty() || !(f[0].isEmpty() || f[0].equals(f[1]))) {
                SecurityLog.authFailed(session.client(), f.length > 1 ? f[1] : null, "PLAIN", "malformed");
                session.reply(ServerReplies.AUTH_FAILED);
                return;
            }
            check(session, "PLAIN", f[1], f[2]);
        });
    }

    private static void loginUser(Session session, String line) {
        decode(session, line, user -> {
            session.continueWith(pass -> decode(session, pass, password -> check(session, "LOGIN", user, password)));
            session.reply(PASSWORD);
        });
    }

    private static void check(Session session, String mechanism, String user, String password) {
        session.authenticate(user, password, outcome -> {
            if (outcome == AuthOutcome.OK) {
                session.authenticated(user);
                session.reply(ServerReplies.AUTH_OK);
                return;
            }
            SecurityLog.authFailed(session.client(), user, mechanism, outcome.reason());
            session.reply(switch (outcome) {
                case CLIENT_LOCKED, USER_LOCKED -> ServerReplies.AUTH_LOCKED;
                case BUSY -> ServerReplies.AUTH_BUSY;
                default -> ServerReplies.AUTH_FAILED;
            });
        });
    }

    private static void decode(Session session, String line, java.util.function.Consumer<String> next) {
        if (line.equals("*")) {
            session.reply(ServerReplies.AUTH_CANCELLED);
            return;
        }
        try {
            next.accept(new String(Base64.getDecoder().decode(line.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            session.reply(ServerReplies.BAD_BASE64);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
