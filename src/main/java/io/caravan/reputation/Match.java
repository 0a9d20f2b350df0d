package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rule recognises in a reply. Every part is optional and all given parts
 * must hold: the code (full match, e.g. {@code 421} or {@code 4\d\d}), the
 * enhanced status code (full match), the text (found anywhere in all reply
 * lines joined with "\n"; case-insensitive unless told otherwise), the
 * providers the rule is limited to, and, with {@code sourceAddress}, that the
 * text names the address of the source that got the reply. Literal IPs and host
 * names differ on every reply, so rules key on codes and phrases, and on our own
 * address only through {@code sourceAddress}, never on a written one.
 */
public record Match(Pattern code, Pattern enhanced, Pattern text, Set<String> providers, boolean sourceAddress) {

    /** An enhanced code written at the start of a line by a peer or a parser that did not split it off. */
    private static final Pattern LEADING_ENHANCED = Pattern.compile("^\\s*([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s|$)");

    public Match {
        providers = providers == null ? Set.of() : Set.copyOf(providers);
    }

    public Match(Pattern code, Pattern enhanced, Pattern text, Set<String> providers) {
        this(code, enhanced, text, providers, false);
    }

    public boolean matches(Reply reply, String provider) {
        return matches(reply, provider, textOf(reply), null);
    }

    /**
     * As {@link #matches(Reply, String)}, with the reply text already prepared by {@link #textOf(Reply)} and
     * the address of the source that got the reply (null when not known: a rule that asks for it then fails).
     */
    boolean matches(Reply reply, String provider, String text, String address) {
        if (sourceAddress && !SourceAddress.named(text, address)) {
            return false;
        }
        if (!providers.isEmpty() && (provider == null || !providers.contains(provider))) {
            return false;
        }
        if (code != null && !code.matcher(Integer.toString(reply.code())).matches()) {
            return false;
        }
        if (enhanced != null) {
            String e = enhancedOf(reply);
            if (e == null || !enhanced.matcher(e).matches()) {
                return false;
            }
        }
        return this.text == null || this.text.matcher(text).find();
    }

    /**
     * The reply lines joined with "\n", each without a leading enhanced code: a
     * parser may keep the code that the peer repeats on every continuation line,
     * and a phrase wrapped across lines must still match.
     */
    static String textOf(Reply reply) {
        StringBuilder b = new StringBuilder();
        for (String line : reply.lines()) {
            if (b.length() > 0) b.append('\n');
            Matcher m = LEADING_ENHANCED.matcher(line);
            b.append(m.find() ? line.substring(m.end()) : line);
        }
        return b.toString();
    }

    /** The reply's enhanced code, or the one found at the start of its first line when the parser left it there. */
    static String enhancedOf(Reply reply) {
        if (reply.enhanced() != null && !reply.enhanced().isBlank()) {
            return reply.enhanced().trim();
        }
        List<String> lines = reply.lines();
        if (lines.isEmpty()) return null;
        Matcher m = LEADING_ENHANCED.matcher(lines.get(0));
        return m.find() ? m.group(1) : null;
    }
}
