package io.caravan.ingress.protocol;

import io.caravan.smtp.Reply;

/**
 * The fixed replies of the ingress server, each with its RFC 3463 enhanced
 * status code, in one place so the wording and codes stay consistent and the
 * tests can name them.
 */
public final class ServerReplies {

    public static final Reply OK = Reply.of(250, "2.0.0", "Ok");
    public static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Ok");
    public static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Ok");
    public static final Reply START_DATA = Reply.of(354, null, "End data with <CR><LF>.<CR><LF>");
    public static final Reply BYE = Reply.of(221, "2.0.0", "Bye");
    public static final Reply VRFY = Reply.of(252, "2.5.0",
            "Cannot VRFY user, but will accept message and attempt delivery");
    public static final Reply HELP = Reply.of(214, "2.0.0",
            "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH");
    public static final Reply READY_FOR_TLS = Reply.of(220, "2.0.0", "Ready to start TLS");
    public static final Reply AUTH_OK = Reply.of(235, "2.7.0", "Authentication successful");

    public static final Reply UNKNOWN_COMMAND = Reply.of(500, "5.5.2", "Error: command not recognized");
    public static final Reply BARE_LINE_ENDING = Reply.of(500, "5.5.2",
            "Error: bare <CR> or <LF> not allowed; lines must end with <CR><LF>");
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.6", "Error: command line too long");
    public static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Error: bad sequence of commands");
    public static final Reply NEED_HELO = Reply.of(503, "5.5.1", "Error: send HELO/EHLO first");
    public static final Reply NEED_MAIL = Reply.of(503, "5.5.1", "Error: need MAIL command");
    public static final Reply NESTED_MAIL = Reply.of(503, "5.5.1", "Error: nested MAIL command");
    public static final Reply NEED_RCPT = Reply.of(503, "5.5.1", "Error: need RCPT command");
    public static final Reply ALREADY_TLS = Reply.of(503, "5.5.1", "Error: TLS already active");
    public static final Reply ALREADY_AUTH = Reply.of(503, "5.5.1", "Error: already authenticated");
    public static final Reply NO_ARGUMENTS = Reply.of(501, "5.5.4", "Syntax error: no parameters allowed");
    public static final Reply AUTH_CANCELLED = Reply.of(501, "5.0.0", "Authentication cancelled");
    public static final Reply BAD_BASE64 = Reply.of(501, "5.5.2", "Syntax error: cannot decode response");
    public static final Reply UNKNOWN_MECHANISM = Reply.of(504, "5.5.4", "Unrecognized authentication mechanism");
    public static final Reply ENCRYPTION_REQUIRED = Reply.of(538, "5.7.11",
            "Encryption required for requested authentication mechanism");
    public static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");
    public static final Reply AUTH_FAILED = Reply.of(535, "5.7.8", "Authentication credentials invalid");
    public static final Reply TLS_UNAVAILABLE = Reply.of(454, "4.7.0", "TLS not available");
    public static final Reply AUTH_BUSY = Reply.of(454, "4.7.0", "Temporary authentication failure, try again later");
    public static final Reply AUTH_LOCKED = Reply.of(454, "4.7.0",
            "Too many failed authentications, try again later");
    public static final Reply RELAY_DENIED = Reply.of(554, "5.7.1", "Relay access denied");
    public static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Too many recipients");
    public static final Reply TOO_BIG = Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    public static final Reply BARE_LINE_ENDING_DATA = Reply.of(550, "5.6.11",
            "Message refused: bare <CR> or <LF> in message data");
    public static final Reply DATA_LINE_TOO_LONG = Reply.of(550, "5.6.0",
            "Message refused: text line longer than 998 octets");
    public static final Reply EMPTY_MESSAGE = Reply.of(554, "5.6.0", "Message refused: no message data");
    public static final Reply NO_STORAGE = Reply.of(452, "4.3.1",
            "Insufficient system storage for this message now, try again later");
    public static final Reply NO_MEMORY = Reply.of(452, "4.3.1",
            "Insufficient system resources (memory) for this message now, try again later");
    public static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in processing, try again later");
    /** A policy check that failed, answered late, or answered with no SMTP reply: only this command is refused. */
    public static final Reply POLICY_FAILED = Reply.of(451, "4.3.0", "Policy check failed, try again later");
    public static final Reply STORE_FAILED = Reply.of(451, "4.3.0",
            "Error: queue file write error, try again later");
    public static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0", "Too many errors, closing connection");
    public static final Reply TIMEOUT = Reply.of(421, "4.4.2", "Timeout exceeded, closing connection");
    public static final Reply SHUTTING_DOWN = Reply.of(421, "4.3.2", "Service shutting down, closing connection");
    public static final Reply NON_ASCII_ADDRESS = Reply.of(553, "5.6.7",
            "Non-ASCII address requires SMTPUTF8");

    private ServerReplies() {
    }

    public static Reply syntax(String what) {
        return Reply.of(501, "5.5.4", "Syntax: " + what);
    }

    public static Reply badAddress(String why) {
        return Reply.of(501, "5.1.3", "Bad address syntax: " + why);
    }

    public static Reply unknownParameter(String parameter) {
        return Reply.of(555, "5.5.4", "Unsupported parameter: " + parameter);
    }

    public static Reply queued(String queueId) {
        return Reply.of(250, "2.0.0", "Ok: queued as " + queueId);
    }
}
