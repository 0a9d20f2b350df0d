package io.caravan.ingress.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The argument of MAIL and RCPT: {@code FROM:<path> params} or
 * {@code TO:<path> params} (RFC 5321 §4.1.2). The path is what stands between
 * the angle brackets, untouched, so the relay policy sees any routing trick;
 * parameters are keyword[=value] pairs with upper-cased keywords. A space
 * after the colon is tolerated, as many clients send one.
 *
 * @param path   the path without brackets, or null when the syntax is wrong
 * @param params the ESMTP parameters (value null for a bare keyword)
 * @param error  why the syntax is wrong, or null
 */
record PathArgument(String path, Map<String, String> params, String error) {

    /** Compiled once: every MAIL and RCPT is split on it. */
    private static final Pattern SPACES = Pattern.compile(" +");

    static PathArgument parse(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return failed("expected " + keyword + "<address>");
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        if (!rest.startsWith("<")) {
            return failed("address must be in angle brackets");
        }
        int close = closingBracket(rest);
        if (close < 0) {
            return failed("missing closing '>'");
        }
        String path = rest.substring(1, close);
        String tail = rest.substring(close + 1);
        if (!tail.isEmpty() && !tail.startsWith(" ")) {
            return failed("garbage after address");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String token : SPACES.split(tail.trim())) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (key.isEmpty() || params.containsKey(key)) {
                return failed("empty or repeated parameter " + key);
            }
            params.put(key, eq < 0 ? null : token.substring(eq + 1));
        }
        return new PathArgument(path, params, null);
    }

    private static PathArgument failed(String why) {
        return new PathArgument(null, Map.of(), why);
    }

    /** The index of the '>' that closes the path, skipping quoted strings. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
