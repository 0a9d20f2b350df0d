package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.util.regex.Pattern;

/**
 * A reply with what changes from one reply to the next masked, so that the same wording counts once
 * however many addresses, queue ids and timestamps it carried: addresses as {@code <addr>}, IP
 * addresses as {@code <ip>}, tokens mixing letters and digits (ids, host names of a farm) as
 * {@code <id>}, other numbers as {@code #}, a link's query as {@code ?<q>}. The code and enhanced
 * code stay: they are the wording's, not the message's.
 */
public final class ReplyShape {

    private static final Pattern EMAIL = Pattern.compile("<?[\\w.+=-]+@[\\w-]+(\\.[\\w-]+)+>?");
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?]+)\\?\\S*");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])\\d{1,3}(\\.\\d{1,3}){3}(?![\\w.]*\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![\\w:])[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(?![\\w:])");
    private static final Pattern MIXED = Pattern.compile("[A-Za-z0-9._-]*(\\d[A-Za-z._-]|[A-Za-z._-]\\d)[A-Za-z0-9._-]*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int MAX = 300;

    private ReplyShape() {
    }

    /** "code enhanced text" with the varying parts masked, on one line, at most 300 characters. */
    public static String of(Reply reply) {
        String enhanced = Match.enhancedOf(reply);
        String text = Match.textOf(reply);
        StringBuilder b = new StringBuilder().append(reply.code());
        if (enhanced != null) b.append(' ').append(enhanced);
        b.append(' ').append(mask(text));
        String s = b.toString().trim();
        return s.length() <= MAX ? s : s.substring(0, MAX);
    }

    static String mask(String text) {
        String s = SPACE.matcher(text).replaceAll(" ").trim();
        s = EMAIL.matcher(s).replaceAll("<addr>");
        s = QUERY.matcher(s).replaceAll("$1?<q>");
        s = IPV4.matcher(s).replaceAll("<ip>");
        s = IPV6.matcher(s).replaceAll(m -> m.group().chars().filter(c -> c == ':').count() >= 2
                && m.group().chars().anyMatch(Character::isLetterOrDigit) ? "<ip>" : m.group());
        s = MIXED.matcher(s).replaceAll(m -> token(m.group()));
        return DIGITS.matcher(s).replaceAll("#");
    }

    /**
     * Ids and farm host names become {@code <id>}; a short code that is part of the wording ("TSS04",
     * "S3150", "OFR004_104", "5.7.1") keeps its letters and loses only its digits.
     */
    private static String token(String t) {
        if (t.startsWith("<") || t.length() <= 10 || t.matches("[\\d.]+")) return t;
        return "<id>";
    }
}
