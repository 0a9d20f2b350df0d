package io.caravan.reputation;

import io.caravan.smtp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply as the wire shows it ("421-4.7.28 ...\r\n421 4.7.28 ...", or lines joined by a bare new line) made a
 * {@link Reply} as egress reads it: the code, the enhanced code of the first line, and each line's text without
 * the enhanced code it repeats. Used by {@code caravan rules test} and the rule tests.
 */
public final class WireText {

    private static final Pattern LINE = Pattern.compile("(\\d{3})([ -]?)(.*)");
    private static final Pattern ENHANCED = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)(.*)");

    private WireText() {
    }

    /** Parses and strips the enhanced code from every line that repeats it. */
    public static Reply parse(String wire) {
        return parse(wire, true);
    }

    /**
     * @param strip false: the enhanced code stays in the lines and is not split off
     * @throws IllegalArgumentException when a line does not start with a reply code
     */
    public static Reply parse(String wire, boolean strip) {
        int code = 0;
        String enhanced = null;
        List<String> lines = new ArrayList<>();
        for (String raw : wire.strip().split("\r?\n")) {
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) throw new IllegalArgumentException("not a reply line: " + raw);
            code = Integer.parseInt(m.group(1));
            String rest = m.group(3);
            Matcher e = ENHANCED.matcher(rest);
            if (strip && e.matches()) {
                if (enhanced == null) enhanced = e.group(1);
                rest = e.group(2);
            }
            lines.add(rest);
        }
        return new Reply(code, enhanced, lines);
    }
}
