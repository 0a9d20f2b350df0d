package io.caravan.egress.smtp;

import io.caravan.smtp.Reply;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the codec's responses into {@link Reply} values, keeping every line (providers put the
 * useful part of a 421 in its continuation lines), and writes the replies Caravan reports for
 * failures of its own (no connection, timeout, TLS): always temporary, with the RFC 3463 code
 * that names the cause.
 */
public final class Replies {

    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)");

    private Replies() {
    }

    public static Reply from(SmtpResponse response) {
        List<String> lines = new ArrayList<>();
        for (CharSequence detail : response.details()) {
            lines.add(detail.toString());
        }
        if (lines.isEmpty()) {
            lines.add("");
        }
        int code = response.code();
        if (code < 200 || code > 599) {
            // a peer that answers out of range gets treated as a temporary failure, text kept
            return new Reply(451, "4.5.0", prefix("invalid reply code " + code + ": ", lines));
        }
        Matcher m = ENHANCED.matcher(lines.get(0));
        if (!m.find() || m.group(1).charAt(0) != Character.forDigit(code / 100, 10)) {
            return new Reply(code, null, lines);
        }
        String enhanced = m.group(1);
        List<String> stripped = new ArrayList<>(lines.size());
        for (String line : lines) {
            Matcher lm = ENHANCED.matcher(line);
            stripped.add(lm.find() && lm.group(1).equals(enhanced) ? line.substring(lm.end()) : line);
        }
        return new Reply(code, enhanced, stripped);
    }

    private static List<String> prefix(String prefix, List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.set(0, prefix + out.get(0));
        return out;
    }

    public static Reply local(int code, String enhanced, String text) {
        return Reply.of(code, enhanced, text);
    }

    public static Reply connectFailed(MxTarget target, Throwable cause) {
        return local(451, "4.4.1", "connect to " + target + " failed: " + describe(cause));
    }

    public static Reply timeout(MxTarget target, Phase phase) {
        return local(451, "4.4.2", "timeout at " + phase + " with " + target);
    }

    public static Reply connectionLost(MxTarget target, Phase phase) {
        return local(451, "4.4.2", "connection lost at " + phase + " with " + target);
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
